package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartFormTest {
  static byte[] form(String preamble, String boundary, String data) {
    return (preamble + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + data
        + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void readsPartsBetweenDelimiters() {
    List<MultipartForm.Part> parts = MultipartForm.parse(form("", "XyZ", "hello\r\n--XyY-not-it"), "XyZ");
    assertThat(parts).hasSize(1);
    assertThat(parts.get(0).name()).isEqualTo("f");
    assertThat(new String(parts.get(0).data(), StandardCharsets.ISO_8859_1)).isEqualTo("hello\r\n--XyY-not-it");
  }

  @Test
  void boundaryLengthIsOneToSeventyCharacters() {
    String seventy = "b".repeat(70);
    assertThat(MultipartForm.parse(form("", seventy, "v"), seventy)).hasSize(1);
    String longer = "b".repeat(71);
    assertThatThrownBy(() -> MultipartForm.parse(form("", longer, "v"), longer))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 2046");
    assertThatThrownBy(() -> MultipartForm.parse(form("", "", "v"), ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void searchWorkIsLinearInTheBodyWhateverTheBoundary() {
    // Near-misses of "--" + 69 dashes + "x": a naive search compares ~70 bytes at every dash.
    String boundary = "-".repeat(69) + "x";
    for (int n = 10_000; n <= 640_000; n *= 4) {
      String nearMisses = ("\r\n" + "-".repeat(71) + "y").repeat(n / 74);
      byte[] body = form("-".repeat(n), boundary, nearMisses);
      long[] work = new long[1];
      List<MultipartForm.Part> parts = MultipartForm.parse(body, boundary, work);
      assertThat(parts).hasSize(1);
      assertThat(parts.get(0).data()).hasSize(nearMisses.length());
      assertThat(work[0]).as("byte comparisons for a %d-byte body", body.length).isLessThanOrEqualTo(3L * body.length);
    }
  }
}
