package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void defaultsAreTheInitialValuesOfRfc9113() {
    Settings s = Settings.DEFAULTS;
    assertThat(s.headerTableSize()).isEqualTo(4096);
    assertThat(s.enablePush()).isTrue();
    assertThat(s.maxConcurrentStreams()).isEqualTo(Settings.UNLIMITED);
    assertThat(s.initialWindowSize()).isEqualTo(65_535);
    assertThat(s.maxFrameSize()).isEqualTo(16_384);
    assertThat(s.maxHeaderListSize()).isEqualTo(Settings.UNLIMITED);
    assertThat(s.entries()).isEmpty();
  }

  @Test
  void rangesAreChecked() {
    assertThatThrownBy(() -> Settings.DEFAULTS.with(SettingsParameter.MAX_FRAME_SIZE, 16_383))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAX_FRAME_SIZE");
    assertThatThrownBy(() -> Settings.DEFAULTS.with(SettingsParameter.INITIAL_WINDOW_SIZE, 1L << 31))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Settings.DEFAULTS.with(SettingsParameter.ENABLE_PUSH, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Settings.DEFAULTS.with(SettingsParameter.MAX_FRAME_SIZE, 0xff_ffff).maxFrameSize()).isEqualTo(0xff_ffff);
  }

  @Test
  void applyKeepsWhatAnUpdateDoesNotSet() {
    Settings peer = Settings.DEFAULTS.with(SettingsParameter.MAX_CONCURRENT_STREAMS, 100);
    Settings updated = peer.apply(Settings.DEFAULTS.with(SettingsParameter.INITIAL_WINDOW_SIZE, 10));
    assertThat(updated.maxConcurrentStreams()).isEqualTo(100);
    assertThat(updated.initialWindowSize()).isEqualTo(10);
    assertThat(peer.initialWindowSize()).isEqualTo(65_535);
    assertThat(updated.isSet(SettingsParameter.MAX_FRAME_SIZE)).isFalse();
  }

  @Test
  void registriesMapCodes() {
    assertThat(ErrorCode.of(0xd)).isEqualTo(ErrorCode.HTTP_1_1_REQUIRED);
    assertThat(ErrorCode.of(0xe)).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(FrameType.of(9)).contains(FrameType.CONTINUATION);
    assertThat(FrameType.of(10)).isEmpty();
    assertThat(SettingsParameter.of(6)).contains(SettingsParameter.MAX_HEADER_LIST_SIZE);
    assertThat(SettingsParameter.of(0)).isEmpty();
    assertThat(SettingsParameter.of(7)).isEmpty();
  }
}
