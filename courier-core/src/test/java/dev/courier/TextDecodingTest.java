package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextDecodingTest {
  private static byte[] bytes(String s, Charset c) {
    return s.getBytes(c);
  }

  @Test
  void contentTypeCharsetWins() {
    assertThat(TextDecoding.decode(bytes("é", StandardCharsets.ISO_8859_1), "text/html; charset=ISO-8859-1", null))
        .isEqualTo("é");
    assertThat(TextDecoding.decode(bytes("é", StandardCharsets.UTF_8), "text/html;CHARSET=\"utf-8\"", null))
        .isEqualTo("é");
    assertThat(TextDecoding.charsetOf("text/plain; format=\"a;b\"; charset=utf-16")).contains(StandardCharsets.UTF_16);
    assertThat(TextDecoding.charsetOf("text/plain; charset=no-such-charset")).isEmpty();
  }

  @Test
  void explicitEncodingOverridesEverything() {
    assertThat(TextDecoding.decode(bytes("é", StandardCharsets.ISO_8859_1), "text/plain; charset=utf-8",
        StandardCharsets.ISO_8859_1)).isEqualTo("é");
  }

  @Test
  void bomIsUsedAndStripped() {
    byte[] utf8Bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i'};
    assertThat(TextDecoding.decode(utf8Bom, "text/plain", null)).isEqualTo("hi");
    byte[] utf16le = {(byte) 0xFF, (byte) 0xFE, 'h', 0, 'i', 0};
    assertThat(TextDecoding.decode(utf16le, null, null)).isEqualTo("hi");
    byte[] utf16be = {(byte) 0xFE, (byte) 0xFF, 0, 'h', 0, 'i'};
    assertThat(TextDecoding.decode(utf16be, null, null)).isEqualTo("hi");
  }

  @Test
  void jsonIsUtf8ByRfc8259() {
    assertThat(TextDecoding.decode(bytes("{\"a\":\"é\"}", StandardCharsets.UTF_8), "application/json", null))
        .isEqualTo("{\"a\":\"é\"}");
    assertThat(TextDecoding.decode(bytes("{}", StandardCharsets.UTF_16LE), "application/problem+json", null))
        .isEqualTo("{}");
    assertThat(TextDecoding.detect(bytes("[1]", StandardCharsets.UTF_16BE), "application/json"))
        .isEqualTo(StandardCharsets.UTF_16BE);
  }

  @Test
  void fallbackIsUtf8ThenWindows1252NeverLatin1Mojibake() {
    assertThat(TextDecoding.decode(bytes("naïve ✓", StandardCharsets.UTF_8), "text/plain", null)).isEqualTo("naïve ✓");
    byte[] cp1252 = {'a', (byte) 0x93, 'q', (byte) 0x94, (byte) 0xE9};
    assertThat(TextDecoding.decode(cp1252, "text/plain", null)).isEqualTo("a“q”é");
    assertThat(TextDecoding.detect(new byte[] {'a'}, null)).isEqualTo(StandardCharsets.UTF_8);
  }
}
