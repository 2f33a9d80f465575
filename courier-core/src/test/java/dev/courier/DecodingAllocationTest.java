package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import dev.courier.testsupport.Allocations;
import org.junit.jupiter.api.Test;

/**
 * What decoding a small compressed body allocates, from the JVM's own count of this thread's
 * allocations (no timing): a compressed API answer of a few KB gets arrays about its own size, not
 * a 32 KiB input buffer and an 8 KiB output buffer for each response.
 */
class DecodingAllocationTest {
  private static final byte[] PAGE = page();
  private static final byte[] GZIPPED = WholeDecodingTest.gzip(PAGE);

  @Test
  void aSmallGzipBodyOfKnownLengthIsDecodedIntoOneArrayOfItsSize() {
    long least = leastAllocated(() -> {
      byte[] decoded = gzipped().lengthHint(GZIPPED.length).bytes();
      if (decoded.length != PAGE.length) throw new AssertionError(decoded.length);
      return decoded;
    });
    // the compressed array, the decoder's input copy of it, the decoded array, and small objects;
    // it was 60 KB: a 32 KiB input buffer, an 8 KiB read buffer and a copy of the decoded bytes
    assertThat(least).isLessThan(PAGE.length + 2L * GZIPPED.length + 6 * 1024);
  }

  @Test
  void aSmallGzipBodyStreamedGetsAnInputBufferOfItsLength() {
    byte[] into = new byte[PAGE.length + 1];
    long least = leastAllocated(() -> streamed(gzipped().lengthHint(GZIPPED.length), into));
    assertThat(least).isLessThan(GZIPPED.length + 6 * 1024); // was over 32 KiB
  }

  @Test
  void aGzipBodyOfUnknownLengthStartsWithAnInputBufferSmallerThanThirtyTwoKiB() {
    byte[] into = new byte[PAGE.length + 1];
    long least = leastAllocated(() -> streamed(gzipped(), into));
    assertThat(least).isLessThan(8 * 1024 + 6 * 1024);
  }

  /** {@link #GZIPPED} as a response body coded in gzip, its length not told. */
  private static ResponseBody gzipped() {
    return new ResponseBody(new ByteArrayInputStream(GZIPPED), List.of("gzip"), 1 << 30, 1 << 26, "http://t/");
  }

  /** {@code body} streamed into {@code into}, which it must fill with {@link #PAGE}. */
  private static byte[] streamed(ResponseBody body, byte[] into) {
    try (InputStream in = body.stream()) {
      int n = in.readNBytes(into, 0, into.length);
      if (n != PAGE.length) throw new AssertionError(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return into;
  }

  /** The fewest bytes this thread allocated in one call of {@code work}, after the JIT has seen it. */
  private static long leastAllocated(Supplier<byte[]> work) {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 400; i++) {
      long before = Allocations.currentThread();
      byte[] kept = work.get();
      long after = Allocations.currentThread();
      if (kept.length > 0) least = Math.min(least, after - before);
    }
    return least;
  }

  private static byte[] page() {
    StringBuilder json = new StringBuilder("{\"items\":[");
    for (int i = 0; i < 120; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\":").append(1000 + i)
          .append(",\"login\":\"user").append(i * 7919 % 1000)
          .append("\",\"active\":").append(i % 3 == 0).append("}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
