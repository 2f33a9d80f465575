package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class HuffmanTest {
  private static String decode(String hex) {
    return decode(Hex.bytes(hex));
  }

  /** The decoder's output as ISO-8859-1 text, as HPACK carries octets. */
  private static String decode(byte[] b) {
    byte[] out = new byte[Huffman.maxDecodedLength(b.length)];
    return new String(out, 0, Huffman.decode(b, 0, b.length, out), StandardCharsets.ISO_8859_1);
  }

  private static String encode(String s) {
    ByteSink sink = new ByteSink();
    Huffman.encode(s, sink);
    return Hex.of(sink.toByteArray());
  }

  @Test
  void rfc7541AppendixCStrings() {
    assertThat(encode("www.example.com")).isEqualTo("f1e3c2e5f23a6ba0ab90f4ff");
    assertThat(encode("no-cache")).isEqualTo("a8eb10649cbf");
    assertThat(encode("custom-key")).isEqualTo("25a849e95ba97d7f");
    assertThat(encode("custom-value")).isEqualTo("25a849e95bb8e8b4bf");
    assertThat(encode("302")).isEqualTo("6402");
    assertThat(encode("https://www.example.com")).isEqualTo("9d29ad171863c78f0b97c8e9ae82ae43d3");
    assertThat(decode("d07abe941054d444a8200595040b8166e082a62d1bff")).isEqualTo("Mon, 21 Oct 2013 20:13:21 GMT");
    assertThat(Huffman.encodedLength("www.example.com")).isEqualTo(12);
  }

  @Test
  void everyOctetRoundTrips() {
    StringBuilder all = new StringBuilder();
    for (int c = 0; c < 256; c++) all.append((char) c);
    byte[] b = Hex.bytes(encode(all.toString()));
    assertThat(decode(b)).isEqualTo(all.toString());
  }

  @Property
  void roundTrip(@ForAll String s) {
    StringBuilder octets = new StringBuilder();
    for (int i = 0; i < s.length(); i++) octets.append((char) (s.charAt(i) & 0xff));
    byte[] b = Hex.bytes(encode(octets.toString()));
    assertThat(b.length).isEqualTo(Huffman.encodedLength(octets.toString()));
    assertThat(decode(b)).isEqualTo(octets.toString());
  }

  @Test
  void eosIsRejected() {
    // 30 ones (EOS) then 2 padding ones: 4 octets of 0xff.
    assertThatThrownBy(() -> decode("ffffffff")).isInstanceOfSatisfying(H2Exception.class, e -> {
      assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPRESSION_ERROR);
      assertThat(e.isConnectionError()).isTrue();
    });
  }

  @Test
  void paddingLongerThanSevenBitsIsRejected() {
    // '0' is 00000 (5 bits); then 3 padding ones complete the octet; a whole extra 0xff is 8 more.
    assertThat(decode("07")).isEqualTo("0");
    assertThatThrownBy(() -> decode("07ff")).isInstanceOf(H2Exception.class).hasMessageContaining("longer than 7");
  }

  @Test
  void paddingNotAllOnesIsRejected() {
    // '0' then 000: padding of zeros (it would also be the start of another code).
    assertThatThrownBy(() -> decode("00")).isInstanceOf(H2Exception.class).hasMessageContaining("all ones");
    // 'a' (00011) then 110: not all ones.
    assertThatThrownBy(() -> decode("1e")).isInstanceOf(H2Exception.class);
  }

  @Test
  void emptyStringIsEmpty() {
    assertThat(decode("")).isEmpty();
    assertThat(encode("")).isEmpty();
  }
}
