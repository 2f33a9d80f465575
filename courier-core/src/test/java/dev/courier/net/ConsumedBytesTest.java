package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes read before TLS took a socket: given once, in order, then let go of. */
class ConsumedBytesTest {
  @Test
  void givesItsBytesInOrderThenEndsAndLetsGoOfThem() {
    ConsumedBytes in = new ConsumedBytes("hello".getBytes(StandardCharsets.US_ASCII));
    byte[] two = new byte[2];
    assertThat(in.available()).isEqualTo(5);
    assertThat(in.read(two, 0, 2)).isEqualTo(2);
    assertThat(new String(two, StandardCharsets.US_ASCII)).isEqualTo("he");
    assertThat(in.read()).isEqualTo('l');
    assertThat(in.holdsBytes()).isTrue();
    byte[] rest = new byte[10];
    assertThat(in.read(rest, 3, 10 - 3)).isEqualTo(2);
    assertThat(new String(rest, 3, 2, StandardCharsets.US_ASCII)).isEqualTo("lo");
    assertThat(in.holdsBytes()).isFalse();
    assertThat(in.available()).isZero();
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read(rest, 0, 1)).isEqualTo(-1);
    assertThat(in.read(rest, 0, 0)).isZero();
  }

  @Test
  void aStreamAfterItIsReadOnAsTheTlsSocketReadsThem() throws Exception {
    ConsumedBytes first = new ConsumedBytes(new byte[] {1, 2});
    SequenceInputStream both = new SequenceInputStream(first, new ByteArrayInputStream(new byte[] {3}));
    assertThat(both.readAllBytes()).containsExactly(1, 2, 3);
    assertThat(first.holdsBytes()).isFalse();
    assertThat(new ConsumedBytes(new byte[0]).holdsBytes()).isFalse();
  }
}
