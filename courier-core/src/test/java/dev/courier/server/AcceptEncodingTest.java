package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptEncodingTest {
  @Test
  void qualitiesFollowRfc9110() {
    assertThat(AcceptEncoding.quality("gzip, br;q=0.5", "gzip")).isEqualTo(1.0);
    assertThat(AcceptEncoding.quality("gzip, br;q=0.5", "br")).isEqualTo(0.5);
    assertThat(AcceptEncoding.quality("gzip, br;q=0.5", "zstd")).isEqualTo(0.0);
    assertThat(AcceptEncoding.quality("gzip", "identity")).isEqualTo(1.0);
    assertThat(AcceptEncoding.quality("*;q=0.3", "zstd")).isEqualTo(0.3);
    assertThat(AcceptEncoding.quality("*;q=0", "identity")).isEqualTo(0.0);
    assertThat(AcceptEncoding.quality("identity;q=0, *", "identity")).isEqualTo(0.0);
    assertThat(AcceptEncoding.quality("x-gzip", "gzip")).isEqualTo(1.0);
    assertThat(AcceptEncoding.quality("GZIP;Q=0.8", "gzip")).isEqualTo(0.8);
    assertThat(AcceptEncoding.quality(null, "gzip")).isEqualTo(0.0);
  }

  @Test
  void malformedQualitiesCountAsZero() {
    for (String bad : new String[] {"gzip;q=2", "gzip;q=1.5", "gzip;q=0.1234", "gzip;q=", "gzip;q=-1", "gzip;q=abc", "gzip;q=0x1"}) {
      assertThat(AcceptEncoding.quality(bad, "gzip")).as(bad).isEqualTo(0.0);
    }
    assertThat(AcceptEncoding.quality("gzip;q=1.000", "gzip")).isEqualTo(1.0);
    assertThat(AcceptEncoding.quality("gzip;q=0.", "gzip")).isEqualTo(0.0);
  }

  @Test
  void preferredTakesTheHighestQualityThenTheServersOrder() {
    List<String> order = List.of("br", "zstd", "gzip");
    assertThat(AcceptEncoding.preferred("gzip, deflate, br, zstd", order)).isEqualTo("br");
    assertThat(AcceptEncoding.preferred("gzip, br;q=0.9", order)).isEqualTo("gzip");
    assertThat(AcceptEncoding.preferred("br;q=0, gzip;q=0.1", order)).isEqualTo("gzip");
    assertThat(AcceptEncoding.preferred("deflate", order)).isNull();
  }
}
