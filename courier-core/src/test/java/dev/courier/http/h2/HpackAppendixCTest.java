package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of RFC 7541 Appendix C (C.2 to C.6), from {@code rfc7541-appendix-c.txt}: the
 * decoder gives each header list and leaves the dynamic table as printed; the encoder, given the
 * same lists, writes the RFC's bytes where its choices are the RFC's, and in any case bytes that
 * decode back to the list.
 */
class HpackAppendixCTest {
  record Block(String name, byte[] encoded, List<HeaderField> headers, List<HeaderField> table, int size,
      String indexing) {}

  record Sequence(String name, int tableSize, boolean huffman, List<Block> blocks) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Sequence> sequences() throws IOException {
    List<Sequence> sequences = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(
        HpackAppendixCTest.class.getResourceAsStream("rfc7541-appendix-c.txt"))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Sequence seq = null;
      String blockName = null;
      StringBuilder hex = null;
      List<HeaderField> headers = null;
      List<HeaderField> table = null;
      for (String line : (text + "\nend\n").split("\n")) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String word = line.substring(0, line.indexOf(' ') < 0 ? line.length() : line.indexOf(' '));
        String rest = line.substring(Math.min(line.length(), word.length() + 1));
        switch (word) {
          case "sequence", "end" -> {
            if (word.equals("sequence")) {
              String[] parts = rest.split(" ");
              seq = new Sequence(parts[0], Integer.parseInt(parts[1]), parts[2].equals("huffman"), new ArrayList<>());
              sequences.add(seq);
            }
          }
          case "block" -> {
            blockName = rest;
            hex = new StringBuilder();
            headers = new ArrayList<>();
            table = new ArrayList<>();
          }
          case "hex" -> hex.append(rest);
          case "header" -> headers.add(field(rest, false));
          case "sensitive" -> headers.add(field(rest, true));
          case "table" -> table.add(field(rest, false));
          case "size" -> seq.blocks().add(new Block(blockName, Hex.bytes(hex.toString()), headers, table,
              Integer.parseInt(rest), ""));
          case "indexing" -> {
            Block last = seq.blocks().remove(seq.blocks().size() - 1);
            seq.blocks().add(new Block(last.name(), last.encoded(), last.headers(), last.table(), last.size(), rest));
          }
          default -> throw new IllegalStateException("unknown line " + line);
        }
      }
    }
    return sequences;
  }

  private static HeaderField field(String line, boolean sensitive) {
    int colon = line.indexOf(": ", 1);
    return new HeaderField(line.substring(0, colon), line.substring(colon + 2), sensitive);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sequences")
  void decoderGivesTheListsAndTables(Sequence seq) {
    HpackDecoder decoder = new HpackDecoder(seq.tableSize(), Long.MAX_VALUE);
    for (Block block : seq.blocks()) {
      List<HeaderField> decoded = decoder.decode(block.encoded(), 0, block.encoded().length);
      assertThat(decoded).as(block.name()).isEqualTo(block.headers());
      assertThat(decoder.dynamicTable()).as(block.name() + " table").isEqualTo(block.table());
      assertThat(decoder.dynamicTableSize()).as(block.name() + " table size").isEqualTo(block.size());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sequences")
  void encoderWritesTheRfcBytes(Sequence seq) {
    HpackEncoder encoder = new HpackEncoder().huffman(seq.huffman());
    // The RFC assumes the 256-octet table is in place; we announce it at the start of the first block.
    encoder.peerMaxTableSize(seq.tableSize());
    HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
    boolean first = true;
    for (Block block : seq.blocks()) {
      byte[] ours = encoder.encode(block.headers());
      // Our never-indexed fields come back marked sensitive: compare names and values, then the marks.
      List<HeaderField> back = decoder.decode(ours, 0, ours.length);
      assertThat(back).extracting(HeaderField::name, HeaderField::value).as(block.name() + " round trip")
          .isEqualTo(block.headers().stream().map(f -> org.assertj.core.groups.Tuple.tuple(f.name(), f.value())).toList());
      assertThat(back).filteredOn(HeaderField::sensitive).extracting(HeaderField::name)
          .allMatch(n -> n.equals("set-cookie") || n.equals("password"));
      String update = first && seq.tableSize() != 4096 ? "3fe101" : "";
      first = false;
      switch (block.indexing()) {
        case "" -> {
          assertThat(Hex.of(ours)).as(block.name()).isEqualTo(update + Hex.of(block.encoded()));
          assertThat(encoder.dynamicTable()).as(block.name() + " table").isEqualTo(block.table());
        }
        // We index :path values (the RFC's example chose not to): same list, one more table entry.
        case "not-indexed" -> assertThat(encoder.dynamicTable()).containsExactly(block.headers().get(0));
        // set-cookie is never indexed by us (RFC 7541 §7.1.3), where the example indexes it.
        case "set-cookie" -> {
          assertThat(encoder.dynamicTable()).noneMatch(f -> f.name().equals("set-cookie"));
          assertThat(decoder.dynamicTable()).noneMatch(f -> f.name().equals("set-cookie"));
        }
        default -> throw new IllegalStateException(block.indexing());
      }
    }
  }

  static Stream<Sequence> all() throws IOException {
    return sequences().stream();
  }
}
