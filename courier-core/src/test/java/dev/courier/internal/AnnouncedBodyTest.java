package dev.courier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testsupport.Allocations;
import dev.courier.testsupport.TestBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A body of announced length read whole: exact, cut short, never past its length, and never
 * allocating what the peer only announced (the Content-Length is the peer's word, RFC 9112
 * section 6.2; the bytes are what it sent).
 */
class AnnouncedBodyTest {
  private static final int MIB = 1024 * 1024;

  /** Hands out at most {@code piece} bytes a read, as a socket does. */
  private static InputStream inPieces(byte[] bytes, int piece) {
    ByteArrayInputStream all = new ByteArrayInputStream(bytes);
    return new InputStream() {
      @Override
      public int read() {
        return all.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return all.read(b, off, Math.min(len, piece));
      }
    };
  }

  /** The index of the first byte that differs, -1 when none does (a 16 MiB array would not print). */
  private static int firstDifference(byte[] actual, byte[] expected) {
    return Arrays.mismatch(actual, expected);
  }

  @Test
  void everyLengthAroundTheBlockSizesComesBackExactAndStopsAtTheAnnouncedEnd() throws IOException {
    for (int length : new int[] {0, 1, MIB - 1, MIB, MIB + 1, 4 * MIB - 1, 4 * MIB, 4 * MIB + 1, 9 * MIB + 5}) {
      byte[] body = TestBytes.random(length, length);
      byte[] following = {1, 2, 3};
      InputStream in = inPieces(concat(body, following), 70_001);
      assertThat(firstDifference(AnnouncedBody.read(in, length), body)).as("length %d", length).isEqualTo(-1);
      assertThat(in.readAllBytes()).as("what follows the body, length %d", length).isEqualTo(following);
    }
  }

  @Test
  void aStreamThatEndsEarlyGivesWhatCameAtEveryPoint() throws IOException {
    byte[] body = TestBytes.random(6 * MIB, 11);
    for (int sent : new int[] {0, 10, MIB - 1, MIB, MIB + 7, 2 * MIB - 1, 2 * MIB, 5 * MIB}) {
      byte[] cut = Arrays.copyOf(body, sent);
      assertThat(firstDifference(AnnouncedBody.read(inPieces(cut, 65_536), body.length), cut)).as("%d sent", sent).isEqualTo(-1);
    }
  }

  @Test
  void aLargeBodyThatComesWholeAllocatesAQuarterMoreThanItself() throws IOException {
    byte[] body = TestBytes.random(16 * MIB, 3);
    InputStream in = inPieces(body, 1 << 20);
    long before = Allocations.currentThread();
    byte[] read = AnnouncedBody.read(in, body.length);
    long allocated = Allocations.currentThread() - before;
    assertThat(firstDifference(read, body)).isEqualTo(-1);
    // four 1 MiB blocks until a quarter came, then the 16 MiB array (doubling took 31 MiB)
    assertThat(allocated).isBetween(20L * MIB, 21L * MIB);
  }

  @Test
  void aPeerThatAnnouncesMuchAndSendsLittleHoldsAFewTimesWhatItSent() throws IOException {
    long before = Allocations.currentThread();
    AnnouncedBody.read(new ByteArrayInputStream(new byte[0]), 60_000_000);
    assertThat(Allocations.currentThread() - before).as("nothing sent").isLessThan(MIB + 4096);

    byte[] sent = new byte[3 * MIB];
    before = Allocations.currentThread();
    assertThat(AnnouncedBody.read(inPieces(sent, 65_536), 60_000_000)).hasSize(sent.length);
    // three full blocks, the one that found the end, and the exact copy: never the 60 MB announced
    assertThat(Allocations.currentThread() - before).as("3 MiB sent").isLessThan(8L * MIB);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
