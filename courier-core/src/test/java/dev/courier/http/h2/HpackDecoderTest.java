package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HpackDecoderTest {
  private static List<HeaderField> decode(HpackDecoder decoder, String hex) {
    byte[] b = Hex.bytes(hex);
    return decoder.decode(b, 0, b.length);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      index 0                                   | 80
      index beyond the static table, none added | be
      size update after a field                 | 82 20
      size update above the setting             | 3fe21f
      integer overflowing 2^31                  | ff ffffffff0f
      integer with too many octets              | ff 8080808080 00
      integer cut short                         | ff 80
      string longer than the block              | 40 05 616263
      name string missing                       | 40
      value string missing                      | 41
      Huffman EOS in a value                    | 41 84 ffffffff
      Huffman padding of zeros in a value       | 41 81 00
      literal name index beyond the table       | 7f 00 01 61
      """)
  void malformedBlocksAreCompressionErrors(String what, String hex) {
    assertThatThrownBy(() -> decode(new HpackDecoder(), hex)).as(what)
        .isInstanceOfSatisfying(H2Exception.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPRESSION_ERROR);
          assertThat(e.isConnectionError()).isTrue();
        });
  }

  /** A Huffman string literal (§5.2) of {@code s}, as hex. */
  private static String huffmanString(String s) {
    ByteSink sink = new ByteSink();
    Huffman.encode(s, sink);
    byte[] coded = sink.toByteArray();
    return String.format("%02x", 0x80 | coded.length) + Hex.of(coded);
  }

  @Test
  void aLiteralRepeatedWithAStaticNameDecodesTheSameAndKeepsItsKind() {
    HpackDecoder decoder = new HpackDecoder();
    String json = huffmanString("application/json");
    HeaderField contentType = new HeaderField("content-type", "application/json");
    // content-type is static index 31: with incremental indexing (5f), twice; without indexing
    // (0f 10); never indexed (1f 10), which must come back sensitive.
    assertThat(decode(decoder, "5f" + json + "5f" + json + "0f10" + json + "1f10" + json)).containsExactly(
        contentType, contentType, contentType, new HeaderField("content-type", "application/json", true));
    assertThat(decode(decoder, "5f" + json)).containsExactly(contentType);
    assertThat(decoder.dynamicTable()).containsExactly(contentType, contentType, contentType);
    String html = huffmanString("text/html");
    assertThat(decode(decoder, "5f" + html)).containsExactly(new HeaderField("content-type", "text/html"));
  }

  @Test
  void aLiteralWithItsOwnNameRepeatedDecodesTheSame() {
    HpackDecoder decoder = new HpackDecoder();
    // 00: without indexing, new name "x-a" (raw), value "1" (raw); 10: the same, never indexed.
    assertThat(decode(decoder, "00 03782d61 0131" + "00 03782d61 0131" + "10 03782d61 0131" + "00 03782d62 0131"))
        .containsExactly(new HeaderField("x-a", "1"), new HeaderField("x-a", "1"), new HeaderField("x-a", "1", true),
            new HeaderField("x-b", "1"));
  }

  @Test
  void aLiteralNamingADynamicEntryNamesWhateverIsThereNow() {
    HpackDecoder decoder = new HpackDecoder();
    decode(decoder, "400161 0162"); // a: b, index 62
    assertThat(decode(decoder, "7e 0163")).containsExactly(new HeaderField("a", "c")); // name 62, value c
    decode(decoder, "400164 0165"); // d: e is index 62 now
    assertThat(decode(decoder, "7e 0163")).containsExactly(new HeaderField("d", "c"));
  }

  @Test
  void aLongHuffmanValueAfterShortOnesDecodesWhole() {
    HpackDecoder decoder = new HpackDecoder();
    String longValue = "x".repeat(300) + "-" + "0123456789".repeat(20);
    assertThat(decode(decoder, "0f10" + huffmanString("a") + "0f10" + "ff" + hexLengthTail(longValue)))
        .containsExactly(new HeaderField("content-type", "a"), new HeaderField("content-type", longValue));
  }

  /** The rest of a §5.1 integer of a Huffman string longer than 126 octets, then the octets. */
  private static String hexLengthTail(String s) {
    ByteSink sink = new ByteSink();
    Huffman.encode(s, sink);
    byte[] coded = sink.toByteArray();
    StringBuilder hex = new StringBuilder();
    int rest = coded.length - 127;
    while (rest >= 0x80) {
      hex.append(String.format("%02x", (rest & 0x7f) | 0x80));
      rest >>>= 7;
    }
    return hex.append(String.format("%02x", rest)).append(Hex.of(coded)).toString();
  }

  @Test
  void sizeUpdatesOpenABlockAndEvict() {
    HpackDecoder decoder = new HpackDecoder();
    decode(decoder, "400161 0162"); // a: b, 34 octets
    assertThat(decoder.dynamicTableSize()).isEqualTo(34);
    // Two updates at the start (0 then 4096) are allowed: the table is emptied, then may grow again.
    assertThat(decode(decoder, "20 3fe11f 82")).containsExactly(new HeaderField(":method", "GET"));
    assertThat(decoder.dynamicTable()).isEmpty();
  }

  @Test
  void aLoweredSettingRequiresAnUpdateInTheNextBlock() {
    HpackDecoder decoder = new HpackDecoder();
    decoder.maxTableSize(100);
    assertThatThrownBy(() -> decode(decoder, "82")).isInstanceOf(H2Exception.class).hasMessageContaining("must begin");
    HpackDecoder again = new HpackDecoder();
    again.maxTableSize(100);
    assertThatThrownBy(() -> decode(again, "3f46")).hasMessageContaining("above the limit"); // 101; 3f 45 is 100
    HpackDecoder ok = new HpackDecoder();
    ok.maxTableSize(100);
    assertThat(decode(ok, "3f45 82")).hasSize(1);
    assertThat(decode(ok, "82")).hasSize(1); // once honoured, no further update is needed
    // Raising the setting needs no update.
    HpackDecoder raised = new HpackDecoder();
    raised.maxTableSize(8192);
    assertThat(decode(raised, "82")).hasSize(1);
    assertThat(decode(raised, "3fe13f")).isEmpty(); // an update to 8192 is now allowed
  }

  @Test
  void neverIndexedFieldsComeBackSensitive() {
    assertThat(decode(new HpackDecoder(), "1f08 0162")) // never indexed, name index 23 (authorization)
        .containsExactly(new HeaderField("authorization", "b", true));
  }

  @Test
  void hpackBombStopsCollectingButKeepsTheTableInStep() {
    // One 4,000-octet entry, then 2,000 references to it: a 2 KB block that would decode to 8 MB.
    HpackDecoder decoder = new HpackDecoder(4096, 16 * 1024);
    String value = "61".repeat(3_960);
    String insert = "40 0161 7f" + "f91d" + value; // literal with indexing, name "a", value length 3960
    assertThat(decode(decoder, insert)).hasSize(1);
    String bomb = "be".repeat(2_000) + "400162 0163"; // then a new entry, b: c, after the bomb
    assertThatThrownBy(() -> decode(decoder, bomb)).isInstanceOfSatisfying(HeaderListTooLargeException.class, e -> {
      assertThat(e.limit()).isEqualTo(16 * 1024);
      assertThat(e.isConnectionError()).isFalse();
      assertThat(e).isInstanceOf(H2Exception.class);
    });
    // The block was still applied: b: c was added, so the next block's index 62 is b: c.
    assertThat(decode(decoder, "be")).containsExactly(new HeaderField("b", "c"));
  }

  @Test
  void theLimitCountsThirtyTwoOctetsPerField() {
    // :method: GET is 7 + 3 + 32 = 42 octets: two of them fit in 84, not in 83.
    assertThat(decode(new HpackDecoder(4096, 84), "8282")).hasSize(2);
    assertThatThrownBy(() -> decode(new HpackDecoder(4096, 83), "8282")).isInstanceOf(HeaderListTooLargeException.class);
  }

  @Test
  void anEntryLargerThanTheTableEmptiesIt() {
    HpackDecoder decoder = new HpackDecoder(64, Long.MAX_VALUE);
    decode(decoder, "400161 0162");
    assertThat(decoder.dynamicTable()).hasSize(1);
    decode(decoder, "400161 20" + "62".repeat(32)); // a: 32 octets is 65 > 64
    assertThat(decoder.dynamicTable()).isEmpty();
    assertThat(decoder.dynamicTableSize()).isZero();
  }
}
