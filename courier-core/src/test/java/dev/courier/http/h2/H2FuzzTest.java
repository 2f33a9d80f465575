package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer fuzz targets for the HTTP/2 frame reader and the HPACK decoder. Without {@code
 * JAZZER_FUZZ} each target replays its saved inputs in {@code
 * src/test/resources/dev/courier/http/h2/H2FuzzTestInputs/<method>/}; with {@code JAZZER_FUZZ=1}
 * ({@code scripts/fuzz.sh H2FuzzTest#all 5m}) it searches for new ones.
 *
 * <p>The only exception allowed out of either is {@link H2Exception}. Beyond that: the reader is
 * split-invariant (the same frames and the same error however the bytes are cut), and what it
 * accepted, written by {@link FrameWriter}, reads back the same; the decoder never returns a list
 * above its limit, and what it accepted, re-encoded, decodes to the same names and values.
 */
class H2FuzzTest {
  /** Both targets behind one selector, so that a short run exercises each. */
  @FuzzTest(maxDuration = "20s")
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void all(FuzzedDataProvider data) {
    if (data.consumeBoolean()) frames(data);
    else hpack(data);
  }

  @FuzzTest(maxDuration = "10s")
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void frames(FuzzedDataProvider data) {
    boolean server = data.consumeBoolean();
    int piece = data.consumeInt(1, 64);
    byte[] input = data.consumeRemainingAsBytes();
    Run whole = read(server, input, input.length);
    Run pieces = read(server, input, piece);
    assertThat(pieces.frames()).isEqualTo(whole.frames());
    assertThat(pieces.error()).isEqualTo(whole.error());

    // What was accepted (stream errors left out) writes back to frames that read the same.
    FrameWriter writer = new FrameWriter();
    for (Frame f : whole.accepted()) writer.write(f);
    byte[] written = writer.drain();
    FrameReader again = FrameReader.midConnection();
    again.feed(written, 0, written.length);
    List<String> back = new ArrayList<>();
    for (Optional<Frame> f = again.next(); f.isPresent(); f = again.next()) back.add(FrameReaderTest.describe(f.get()));
    assertThat(back).isEqualTo(FrameReaderTest.describe(whole.accepted()));
  }

  @FuzzTest(maxDuration = "10s")
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void hpack(FuzzedDataProvider data) {
    int tableSize = data.consumeInt(0, 8192);
    long listLimit = data.consumeLong(0, 1 << 16);
    int blocks = data.consumeInt(1, 4);
    HpackDecoder decoder = new HpackDecoder(tableSize, listLimit);
    for (int i = 0; i < blocks; i++) {
      byte[] block = i == blocks - 1 ? data.consumeRemainingAsBytes() : data.consumeBytes(data.consumeInt(0, 512));
      List<HeaderField> fields;
      try {
        fields = decoder.decode(block, 0, block.length);
      } catch (HeaderListTooLargeException e) {
        continue; // the table stays in step: the next block is still decodable
      } catch (H2Exception e) {
        assertThat(e.isConnectionError()).isTrue();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPRESSION_ERROR);
        return;
      }
      long size = fields.stream().mapToLong(HeaderField::size).sum();
      assertThat(size).isLessThanOrEqualTo(listLimit);
      assertThat(decoder.dynamicTableSize()).isLessThanOrEqualTo(Math.max(tableSize, 4096));
      HpackEncoder encoder = new HpackEncoder();
      byte[] encoded = encoder.encode(fields);
      List<HeaderField> back = new HpackDecoder(4096, Long.MAX_VALUE).decode(encoded, 0, encoded.length);
      assertThat(back).extracting(HeaderField::name).isEqualTo(fields.stream().map(HeaderField::name).toList());
      assertThat(back).extracting(HeaderField::value).isEqualTo(fields.stream().map(HeaderField::value).toList());
    }
  }

  /** What a reader gave: frames as text, the frames themselves, and the error's code and scope if any. */
  record Run(List<String> frames, List<Frame> accepted, String error) {}

  private static Run read(boolean server, byte[] input, int piece) {
    FrameReader reader = server ? FrameReader.forServer() : FrameReader.midConnection();
    List<String> frames = new ArrayList<>();
    List<Frame> accepted = new ArrayList<>();
    String error = null;
    outer:
    for (int off = 0; off < input.length || off == 0; off += piece) {
      reader.feed(Arrays.copyOfRange(input, Math.min(off, input.length), Math.min(input.length, off + piece)), 0,
          Math.min(input.length, off + piece) - Math.min(off, input.length));
      while (true) {
        try {
          Optional<Frame> f = reader.next();
          if (f.isEmpty()) break;
          frames.add(FrameReaderTest.describe(f.get()));
          accepted.add(f.get());
        } catch (H2Exception e) {
          if (e.isConnectionError()) {
            error = e.errorCode() + " connection";
            break outer;
          }
          // A stream error consumed its frame: note it and read on.
          frames.add("stream error " + e.streamId() + " " + e.errorCode());
        }
      }
      if (input.length == 0) break;
    }
    return new Run(frames, accepted, error);
  }
}
