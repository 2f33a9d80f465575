package dev.courier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testsupport.TestBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LargeTransferTest {
  @TempDir Path dir;

  /**
   * A sink that keeps every array it is given. Within its own transfer the array is refilled, as
   * with any {@code transferTo}; what must hold is that no later transfer writes into it.
   */
  private static class KeepingSink extends OutputStream {
    final List<byte[]> arrays = new ArrayList<>();
    final List<byte[]> atEnd = new ArrayList<>();

    @Override
    public void write(int b) {
      throw new AssertionError("arrays only");
    }

    @Override
    public void write(byte[] b, int off, int len) {
      arrays.add(b);
    }

    /** What the arrays hold once its transfer is over. */
    void transferDone() {
      for (byte[] a : arrays) atEnd.add(Arrays.copyOf(a, a.length));
    }

    void assertUnchangedSinceItsTransfer() {
      for (int i = 0; i < arrays.size(); i++) {
        assertThat(arrays.get(i)).as("array %d given to a sink that keeps it", i).isEqualTo(atEnd.get(i));
      }
    }
  }

  /** A ByteArrayOutputStream that keeps the arrays as well: trusted by its class would be wrong. */
  private static final class KeepingByteArraySink extends ByteArrayOutputStream {
    final KeepingSink kept = new KeepingSink();

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      super.write(b, off, len);
      kept.write(b, off, len);
    }
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 512, 65_535, 65_536, 65_537, 1_048_576 + 7})
  void everySinkGetsTheWholeBodyWithTheLengthKnownOrNot(int size) throws Exception {
    byte[] body = TestBytes.random(size, size);
    for (long length : new long[] {size, -1}) {
      ByteArrayOutputStream array = new ByteArrayOutputStream();
      assertThat(LargeTransfer.copy(new ByteArrayInputStream(body), array, length)).isEqualTo(size);
      assertThat(array.toByteArray()).isEqualTo(body);

      Path file = dir.resolve("body-" + size + "-" + length);
      try (FileOutputStream out = new FileOutputStream(file.toFile())) {
        assertThat(LargeTransfer.copy(new ByteArrayInputStream(body), out, length)).isEqualTo(size);
      }
      assertThat(Files.readAllBytes(file)).isEqualTo(body);

      assertThat(LargeTransfer.copy(new ByteArrayInputStream(body), OutputStream.nullOutputStream(), length))
          .isEqualTo(size);

      KeepingSink keeping = new KeepingSink();
      assertThat(LargeTransfer.copy(new ByteArrayInputStream(body), keeping, length)).isEqualTo(size);
    }
  }

  @Test
  void aSinkThatMayKeepTheArrayNeverGetsOneLaterTransfersReuse() throws Exception {
    KeepingSink keeping = new KeepingSink();
    KeepingByteArraySink keepingByteArray = new KeepingByteArraySink();
    LargeTransfer.copy(new ByteArrayInputStream(TestBytes.random(200_000, 1)), keeping, -1);
    keeping.transferDone();
    LargeTransfer.copy(new ByteArrayInputStream(TestBytes.random(200_000, 2)), keepingByteArray, 200_000);
    keepingByteArray.kept.transferDone();
    // Later transfers into trusted sinks, which are lent the buffers, write other bytes into them.
    for (int i = 0; i < 40; i++) {
      LargeTransfer.copy(new ByteArrayInputStream(TestBytes.random(300_000, 100 + i)),
          OutputStream.nullOutputStream(), -1);
      LargeTransfer.copy(new ByteArrayInputStream(TestBytes.random(70_000, 200 + i)), new ByteArrayOutputStream(), 70_000);
    }
    keeping.assertUnchangedSinceItsTransfer();
    keepingByteArray.kept.assertUnchangedSinceItsTransfer();
  }

  @Test
  void onlyTheJdksOwnSinksByExactClassAreLentABuffer() throws Exception {
    assertThat(LargeTransfer.keepsNothing(new ByteArrayOutputStream())).isTrue();
    assertThat(LargeTransfer.keepsNothing(OutputStream.nullOutputStream())).isTrue();
    try (FileOutputStream out = new FileOutputStream(dir.resolve("f").toFile())) {
      assertThat(LargeTransfer.keepsNothing(out)).isTrue();
    }
    assertThat(LargeTransfer.keepsNothing(new KeepingByteArraySink())).isFalse();
    assertThat(LargeTransfer.keepsNothing(new KeepingSink())).isFalse();
    assertThat(LargeTransfer.keepsNothing(new java.io.BufferedOutputStream(new KeepingSink()))).isFalse();
    try (OutputStream channel = Files.newOutputStream(dir.resolve("g"))) {
      assertThat(LargeTransfer.keepsNothing(channel)).as("a channel's stream: the channel is unknown").isFalse();
    }
  }

  @Test
  void aTransferThatFailsGivesItsBufferBackUnharmed() throws Exception {
    InputStream failing = new InputStream() {
      private int reads;

      @Override
      public int read() {
        throw new AssertionError();
      }

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        if (reads++ > 2) throw new java.io.IOException("cut");
        Arrays.fill(b, off, off + len, (byte) 7);
        return len;
      }
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LargeTransfer.copy(failing, out, -1))
        .hasMessage("cut");
    byte[] body = TestBytes.random(150_000, 9);
    ByteArrayOutputStream next = new ByteArrayOutputStream();
    LargeTransfer.copy(new ByteArrayInputStream(body), next, -1);
    assertThat(next.toByteArray()).isEqualTo(body);
  }
}
