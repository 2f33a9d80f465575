package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BufferedBodyTest {
  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static String read(String text, long contentLength, long cap) throws Exception {
    return new String(BufferedBody.read(stream(text), contentLength, cap), StandardCharsets.US_ASCII);
  }

  @Test
  void aBodyOfItsAnnouncedLengthOrOfUnknownLengthIsReadWhole() throws Exception {
    assertThat(read("hello", 5, 100)).isEqualTo("hello");
    assertThat(read("hello", -1, 100)).isEqualTo("hello");
    assertThat(read("", 0, 100)).isEmpty();
  }

  @Test
  void aStreamThatDisagreesWithItsLengthGivesWhatItHas() throws Exception {
    assertThat(read("hel", 5, 100)).isEqualTo("hel");
    assertThat(read("hello, world", 5, 100)).isEqualTo("hello, world");
  }

  @Test
  void pastTheCapIs413WhateverTheLengthSays() throws Exception {
    ByteArrayInputStream unread = stream("hello");
    assertThatThrownBy(() -> BufferedBody.read(unread, 5, 4))
        .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.status()).isEqualTo(413));
    assertThat(unread.available()).isEqualTo(5); // refused on its Content-Length, before a byte was read
    assertThatThrownBy(() -> read("hello", -1, 4)).isInstanceOf(HttpResponseException.class);
    assertThatThrownBy(() -> read("hello", 3, 4)).isInstanceOf(HttpResponseException.class);
    assertThat(read("hell", 3, 4)).isEqualTo("hell");
  }
}
