package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.h2.Frame;
import dev.courier.http.h2.FrameReader;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Frames leave in batches: one write and one flush for what was appended together. */
class H2OutputTest {
  /** Counts writes and flushes; the first write may be held until released. */
  static final class Recording extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int writes;
    /** The length of each write, in order. */
    final List<Integer> sizes = new ArrayList<>();
    int flushes;
    final CountDownLatch firstWriteEntered = new CountDownLatch(1);
    CountDownLatch releaseFirstWrite = new CountDownLatch(0);

    @Override
    public void write(int b) {
      throw new AssertionError("single bytes are never written");
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      firstWriteEntered.countDown();
      try {
        if (!releaseFirstWrite.await(10, TimeUnit.SECONDS)) throw new IOException("never released");
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      synchronized (this) {
        writes++;
        sizes.add(len);
        bytes.write(b, off, len);
      }
    }

    @Override
    public synchronized void flush() {
      flushes++;
    }

    synchronized List<Frame> frames() {
      FrameReader reader = FrameReader.forClient();
      byte[] all = bytes.toByteArray();
      reader.feed(all, 0, all.length);
      List<Frame> frames = new ArrayList<>();
      for (Optional<Frame> f; (f = reader.next()).isPresent(); ) frames.add(f.get());
      return frames;
    }
  }

  private static final List<HeaderField> HEAD = List.of(new HeaderField(":status", "200"));

  @Test
  void headersAndDataOfASmallResponseLeaveInOneWrite() throws IOException {
    Recording socket = new Recording();
    H2Output output = new H2Output(socket, 1000, false);
    output.settings(Settings.DEFAULTS); // a server's first frame, as the reader of frames() expects
    output.headers(1, HEAD, false);
    output.data(1, new byte[] {'h', 'i'}, 0, 2, true);
    output.flush();
    assertThat(socket.writes).isEqualTo(1);
    assertThat(socket.flushes).isEqualTo(1);
    assertThat(socket.frames()).hasSize(3);
    assertThat(socket.frames().get(2)).isInstanceOfSatisfying(Frame.Data.class, d -> assertThat(d.endStream()).isTrue());
  }

  @Test
  void overTlsADataFrameWithItsHeaderFillsOneRecord() throws IOException {
    H2Output tls = new H2Output(new Recording(), 1000, true);
    H2Output plain = new H2Output(new Recording(), 1000, false);
    assertThat(tls.dataFrameSize()).isEqualTo(SocketOutput.TLS_RECORD - 9);
    assertThat(plain.dataFrameSize()).isEqualTo(16_384); // SETTINGS_MAX_FRAME_SIZE's default, RFC 9113 section 6.5.2
    tls.maxFrameSize(65_536);
    plain.maxFrameSize(65_536);
    assertThat(tls.dataFrameSize()).isEqualTo(SocketOutput.TLS_RECORD - 9);
    assertThat(plain.dataFrameSize()).isEqualTo(65_536);
  }

  @Test
  void overTlsEveryWriteButABatchsLastEndsOnARecordsEdge() throws IOException {
    Recording socket = new Recording();
    H2Output output = new H2Output(socket, 1000, true);
    byte[] piece = new byte[output.dataFrameSize()];
    for (int i = 0; i < 10; i++) output.data(1, piece, 0, piece.length, i == 9);
    output.flush();
    assertThat(socket.sizes).hasSizeGreaterThan(1);
    assertThat(socket.sizes.subList(0, socket.sizes.size() - 1)).allSatisfy(size ->
        assertThat(size % SocketOutput.TLS_RECORD).isZero());
    assertThat(socket.sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10 * (piece.length + 9));
  }

  @Test
  void framesAppendedWhileAnotherThreadWritesLeaveInItsNextWrite() throws Exception {
    Recording socket = new Recording();
    socket.releaseFirstWrite = new CountDownLatch(1);
    H2Output output = new H2Output(socket, 10_000, false);
    output.settings(Settings.DEFAULTS);
    Thread writer = Thread.ofVirtual().start(() -> {
      try {
        output.flush();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    socket.firstWriteEntered.await();
    // Another thread's flush returns at once while the writer is busy: its frames are the writer's to send.
    for (int stream = 1; stream <= 9; stream += 2) {
      output.headers(stream, HEAD, true);
      output.flush();
    }
    socket.releaseFirstWrite.countDown();
    writer.join();
    assertThat(socket.writes).as("the first frame, then the five heads together").isEqualTo(2);
    assertThat(socket.flushes).isEqualTo(1);
    assertThat(socket.frames()).hasSize(6);
  }

  @Test
  void aFullBufferMakesAStreamWaitAtMostTheWriteTimeout() throws Exception {
    Recording socket = new Recording();
    socket.releaseFirstWrite = new CountDownLatch(1);
    H2Output output = new H2Output(socket, 200, false);
    output.windowUpdate(0, 1);
    Thread writer = Thread.ofVirtual().start(() -> {
      try {
        output.flush();
      } catch (IOException e) {
        // released below
      }
    });
    socket.firstWriteEntered.await();
    byte[] big = new byte[16 * 1024];
    for (int i = 0; i < H2Output.MAX_BUFFERED / big.length; i++) output.data(1, big, 0, big.length, false);
    // The client reads nothing: the buffer stays full, and the next frame is refused in time.
    assertThatThrownBy(() -> output.data(1, big, 0, big.length, false)).isInstanceOf(SocketTimeoutException.class);
    socket.releaseFirstWrite.countDown();
    writer.join();
  }

  @Test
  void aFailedWriteBreaksTheOutputForEveryone() throws IOException {
    OutputStream failing = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("reset");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("reset");
      }
    };
    H2Output output = new H2Output(failing, 1000, false);
    output.pingAck(1);
    assertThatThrownBy(output::flush).isInstanceOf(IOException.class);
    assertThat(output.broken()).isTrue();
    assertThatThrownBy(() -> output.headers(1, HEAD, true)).isInstanceOf(IOException.class);
  }
}
