package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HpackEncoderTest {
  private final HpackEncoder encoder = new HpackEncoder();
  private final HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);

  private List<HeaderField> roundTrip(List<HeaderField> fields) {
    byte[] block = encoder.encode(fields);
    return decoder.decode(block, 0, block.length);
  }

  @Test
  void credentialsAreNeverIndexed() {
    List<HeaderField> fields = List.of(
        new HeaderField("authorization", "Bearer secret-token"),
        new HeaderField("proxy-authorization", "Basic eDp5"),
        new HeaderField("set-cookie", "sid=1; Secure"),
        new HeaderField("cookie", "lang=en"),
        new HeaderField("x-api-key", "k", true));
    List<HeaderField> back = roundTrip(fields);
    assertThat(back).allMatch(HeaderField::sensitive);
    assertThat(encoder.dynamicTable()).isEmpty();
    assertThat(decoder.dynamicTable()).isEmpty();
    // Sent again, they are literals again: never an index.
    byte[] again = encoder.encode(fields);
    assertThat(again.length).isGreaterThan(30);
  }

  @Test
  void longCookiesAreIndexedShortOnesAreNot() {
    String session = "sid=" + "a".repeat(HpackEncoder.SHORT_COOKIE);
    roundTrip(List.of(new HeaderField("cookie", session), new HeaderField("cookie", "theme=dark")));
    assertThat(encoder.dynamicTable()).containsExactly(new HeaderField("cookie", session));
    // The second request sends the long cookie as one octet.
    assertThat(encoder.encode(List.of(new HeaderField("cookie", session)))).containsExactly(0xbe);
  }

  @Test
  void repeatedFieldsBecomeOneOctet() {
    List<HeaderField> request = List.of(new HeaderField(":method", "GET"), new HeaderField(":authority", "example.com"),
        new HeaderField("user-agent", "courier"));
    roundTrip(request);
    byte[] second = encoder.encode(request);
    assertThat(second).hasSize(3);
    assertThat(decoder.decode(second, 0, second.length)).isEqualTo(request);
  }

  @Test
  void tableSizeUpdatesFollowThePeerSetting() {
    roundTrip(List.of(new HeaderField("x-a", "1")));
    encoder.peerMaxTableSize(0);
    encoder.peerMaxTableSize(1000);
    byte[] block = encoder.encode(List.of(new HeaderField("x-b", "2")));
    // §4.2: the smallest size (0) first, then the final (1000 = 3f c9 07).
    assertThat(Hex.of(block)).startsWith("20" + "3fc907");
    assertThat(decoder.decode(block, 0, block.length)).containsExactly(new HeaderField("x-b", "2"));
    assertThat(decoder.dynamicTable()).containsExactly(new HeaderField("x-b", "2"));
    // No change, no update.
    encoder.peerMaxTableSize(1000);
    assertThat(Hex.of(encoder.encode(List.of()))).isEmpty();
  }

  @Test
  void ourCapBoundsTheTableWhateverThePeerAllows() {
    HpackEncoder capped = new HpackEncoder(512);
    capped.peerMaxTableSize(1 << 20);
    byte[] block = capped.encode(List.of(new HeaderField("x", "y")));
    assertThat(Hex.of(block)).startsWith("3fe103"); // 512
    HpackDecoder peer = new HpackDecoder(1 << 20, Long.MAX_VALUE);
    assertThat(peer.decode(block, 0, block.length)).hasSize(1);
  }

  @Test
  void aHugeFieldIsSentWithoutIndexing() {
    HeaderField big = new HeaderField("x-big", "v".repeat(5000));
    assertThat(roundTrip(List.of(big))).containsExactly(big);
    assertThat(encoder.dynamicTable()).isEmpty();
  }

  @Test
  void fieldsMustBeOctets() {
    assertThatThrownBy(() -> new HeaderField("x", "caf\u00e9\u20ac"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+20AC at 4");
  }

  // ---- property: whatever the lists and table sizes, encode then decode gives the list back ----

  @Provide
  Arbitrary<List<List<HeaderField>>> headerLists() {
    Arbitrary<String> names = Arbitraries.oneOf(
        Arbitraries.of(":method", ":path", ":authority", "content-type", "cookie", "authorization", "x-trace"),
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12));
    Arbitrary<String> values = Arbitraries.oneOf(
        Arbitraries.of("GET", "/", "gzip, deflate", ""),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(80),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(3000));
    Arbitrary<HeaderField> field = Combinators.combine(names, values, Arbitraries.of(false, false, true))
        .as(HeaderField::new);
    return field.list().ofMaxSize(20).list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 300)
  void encodeThenDecodeGivesTheListBack(@ForAll("headerLists") List<List<HeaderField>> blocks,
      @ForAll boolean huffman, @ForAll("tableSizes") int peerTableSize) {
    HpackEncoder enc = new HpackEncoder(8192).huffman(huffman);
    HpackDecoder dec = new HpackDecoder(4096, Long.MAX_VALUE);
    List<HeaderField> expectedTable = null;
    for (int i = 0; i < blocks.size(); i++) {
      if (i == 1) {
        enc.peerMaxTableSize(peerTableSize);
        dec.maxTableSize(peerTableSize);
      }
      List<HeaderField> fields = blocks.get(i);
      byte[] block = enc.encode(fields);
      List<HeaderField> back = dec.decode(block, 0, block.length);
      assertThat(back).extracting(HeaderField::name).isEqualTo(fields.stream().map(HeaderField::name).toList());
      assertThat(back).extracting(HeaderField::value).isEqualTo(fields.stream().map(HeaderField::value).toList());
      // What was sensitive stays sensitive on the wire.
      for (int j = 0; j < fields.size(); j++) if (fields.get(j).sensitive()) assertThat(back.get(j).sensitive()).isTrue();
      // Both tables hold the same entries after each block.
      assertThat(dec.dynamicTable()).isEqualTo(new ArrayList<>(enc.dynamicTable()));
      expectedTable = enc.dynamicTable();
    }
    assertThat(expectedTable).isNotNull();
  }

  @Provide
  Arbitrary<Integer> tableSizes() {
    return Arbitraries.oneOf(Arbitraries.of(0, 32, 4096, 8192), Arbitraries.integers().between(0, 10_000));
  }
}
