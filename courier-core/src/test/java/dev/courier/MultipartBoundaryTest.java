package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A boundary chosen by the caller: RFC 2046 Section 5.1.1's characters and length, quoted when not a token. */
class MultipartBoundaryTest {
  @Test
  void aChosenBoundarySeparatesThePartsAndNamesItselfInTheContentType() throws Exception {
    Multipart body = Multipart.builder("xyz-123").field("a", "1").build();
    assertThat(body.contentType()).hasValue("multipart/form-data; boundary=xyz-123");
    assertThat(new String(body.toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo("--xyz-123\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz-123--\r\n");
  }

  @Test
  void aBoundaryWithCharactersOutsideATokenIsQuoted() {
    assertThat(Multipart.builder("a b:c?").build().contentType()).hasValue("multipart/form-data; boundary=\"a b:c?\"");
  }

  @Test
  void seventyCharactersAreTheMostAndEmptyOrATrailingSpaceOrOtherCharactersAreRefused() {
    assertThat(Multipart.builder("b".repeat(70)).build().boundary()).hasSize(70);
    assertThatThrownBy(() -> Multipart.builder("b".repeat(71))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 70");
    assertThatThrownBy(() -> Multipart.builder("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Multipart.builder("ends ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("space");
    assertThatThrownBy(() -> Multipart.builder("semi;colon")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x3b at 4");
    assertThatThrownBy(() -> Multipart.builder("line\r\nInjected: 1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x0d at 4");
  }
}
