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
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
  /**
   * On the read loop's thread a flush never waits: what the socket does not take is kept, and a
   * thread sends it later, before anything appended since, every frame whole and in order.
   */
  @Test
  void whatTheSocketDidNotTakeOnTheLoopIsSentLaterWholeAndInOrder() throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        SocketChannel client = SocketChannel.open()) {
      client.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
      client.connect(listener.getLocalAddress());
      try (SocketChannel server = listener.accept()) {
        server.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
        server.configureBlocking(false);
        // The socket's wait polls: no loop here tells it when the channel is writable.
        SocketOutput socket = new SocketOutput(server, () -> LockSupport.parkNanos(1_000_000), new SocketOutput.WriteClock() {
          @Override
          public void begin(long bytes) {}

          @Override
          public void end() {}
        });
        H2Output output = new H2Output(socket, 10_000, false);
        ByteBuffer loopBuffer = ByteBuffer.allocateDirect(ReadyLoop.IO_BUFFER_SIZE);
        output.settings(Settings.DEFAULTS);
        int frames = 0;
        boolean kept = false;
        while (!kept && frames < 1000) { // the client reads nothing: a few frames fill both buffers
          output.data(1, piece(frames), 0, PIECE, false);
          frames++;
          kept = !output.flushOnLoop(loopBuffer);
        }
        assertThat(kept).as("the socket stopped taking bytes after %d frames", frames).isTrue();
        output.data(1, piece(frames), 0, PIECE, true); // appended after the kept bytes: leaves after them
        frames++;
        int expected = frames;
        CompletableFuture<List<Frame>> read = CompletableFuture.supplyAsync(() -> readFrames(client, expected + 1));
        output.sendKept();
        List<Frame> received = read.get(30, TimeUnit.SECONDS);
        assertThat(received.get(0)).isInstanceOf(Frame.Settings.class);
        for (int i = 0; i < expected; i++) {
          Frame.Data d = (Frame.Data) received.get(i + 1);
          assertThat(d.data()).as("frame %d", i).isEqualTo(piece(i));
          assertThat(d.endStream()).isEqualTo(i == expected - 1);
        }
      }
    }
  }

  private static final int PIECE = 8 * 1024;

  /** The {@code i}th DATA payload: its bytes tell it from its neighbours. */
  private static byte[] piece(int i) {
    byte[] b = new byte[PIECE];
    java.util.Arrays.fill(b, (byte) i);
    b[0] = (byte) (i >> 8);
    return b;
  }

  /** Reads {@code count} frames from {@code channel} (blocking), as a client. */
  private static List<Frame> readFrames(SocketChannel channel, int count) {
    FrameReader reader = FrameReader.forClient();
    List<Frame> frames = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    try {
      while (frames.size() < count) {
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) throw new AssertionError("closed after " + frames.size() + " frames");
        reader.feed(buffer.array(), 0, n);
        for (Optional<Frame> f; (f = reader.next()).isPresent(); ) frames.add(f.get());
      }
      return frames;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
