package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.h2.Settings;
import dev.courier.http.h2.SettingsParameter;
import dev.courier.internal.TlsRecords;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** The size of the DATA frames a request body leaves in. */
class H2ClientWriterTest {
  @Test
  void overTlsADataFrameWithItsHeaderFillsOneRecordWhateverTheServerAllows() {
    H2ClientWriter tls = new H2ClientWriter(OutputStream.nullOutputStream(), () -> {}, true);
    H2ClientWriter plain = new H2ClientWriter(OutputStream.nullOutputStream(), () -> {}, false);
    assertThat(tls.dataFrameSize()).isEqualTo(TlsRecords.H2_DATA_PAYLOAD);
    assertThat(plain.dataFrameSize()).isEqualTo(16_384); // the default SETTINGS_MAX_FRAME_SIZE, RFC 9113 section 6.5.2

    Settings larger = Settings.DEFAULTS.with(SettingsParameter.MAX_FRAME_SIZE, 65_536);
    tls.settingsAck(larger, larger);
    plain.settingsAck(larger, larger);
    assertThat(tls.dataFrameSize()).isEqualTo(TlsRecords.H2_DATA_PAYLOAD);
    assertThat(plain.dataFrameSize()).isEqualTo(65_536);
  }
}
