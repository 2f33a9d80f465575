package dev.courier.client;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.FrameWriter;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.HpackEncoder;
import dev.courier.http.h2.Settings;
import dev.courier.http.h2.SettingsParameter;
import dev.courier.internal.TlsRecords;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The frames an {@link H2Connection} sends, under one lock that orders them on the socket: HPACK
 * blocks leave in the order they were encoded (RFC 7541 section 2.2), and a new stream's HEADERS
 * in the order of the stream identifiers (RFC 9113 section 5.1.1). Each write is flushed at once.
 * A write that fails closes the connection through {@code onFailure}; the quiet writes (credit,
 * resets, PING acknowledgements, GOAWAY) stop there, the others throw for their caller.
 */
final class H2ClientWriter {
  private final ReentrantLock lock = new ReentrantLock();
  private final FrameWriter frames = new FrameWriter();
  private final HpackEncoder encoder = new HpackEncoder();
  private final OutputStream out;
  private final Runnable onFailure;
  private byte[] outgoing = new byte[1024]; // the frames of one flush, reused: no copy per write
  /** Frames go through TLS: DATA frames are cut to fill one record each ({@link #dataFrameSize}). */
  private final boolean overTls;

  H2ClientWriter(OutputStream out, Runnable onFailure, boolean overTls) {
    this.out = out;
    this.onFailure = onFailure;
    this.overTls = overTls;
  }

  /** Section 3.4: the preface, our SETTINGS and the first widening of the connection window. */
  void preface(Settings ours, int connectionWindowUpdate) throws IOException {
    lock.lock();
    try {
      frames.writePreface();
      frames.writeSettings(ours);
      frames.writeWindowUpdate(0, connectionWindowUpdate);
      flush();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Opens a stream with {@code opener} and writes its HEADERS, both under the write lock, so
   * stream identifiers reach the server in increasing order (RFC 9113 section 5.1.1).
   */
  H2ClientStream headers(Supplier<H2ClientStream> opener, List<HeaderField> fields, boolean endStream)
      throws IOException {
    lock.lock();
    try {
      H2ClientStream stream = opener.get();
      byte[] block = encoder.encode(fields);
      frames.writeHeaders(stream.id(), block, 0, block.length, endStream);
      flush();
      return stream;
    } finally {
      lock.unlock();
    }
  }

  /** DATA of {@code len} bytes the flow-control windows allowed. */
  void data(int streamId, byte[] b, int off, int len, boolean endStream) throws IOException {
    lock.lock();
    try {
      frames.writeData(streamId, b, off, len, endStream);
      flush();
    } finally {
      lock.unlock();
    }
  }

  /** The largest DATA payload the server accepts (its SETTINGS_MAX_FRAME_SIZE). */
  int maxFrameSize() {
    return frames.maxFrameSize();
  }

  /**
   * The most payload one DATA frame carries: the server's maximum, and over TLS what makes the
   * frame one full record ({@link TlsRecords#H2_DATA_PAYLOAD}), since each frame is written and
   * flushed alone: 16,384 bytes left as a full record and a 26-byte one.
   */
  int dataFrameSize() {
    return TlsRecords.h2DataFrameSize(maxFrameSize(), overTls);
  }

  /** WINDOW_UPDATEs for credit given back, each sent when not zero. */
  void windowUpdates(int streamId, int forConnection, int forStream) {
    if (forConnection <= 0 && forStream <= 0) return;
    quietly(w -> {
      if (forConnection > 0) w.writeWindowUpdate(0, forConnection);
      if (forStream > 0) w.writeWindowUpdate(streamId, forStream);
    });
  }

  void rstStream(int streamId, ErrorCode code) {
    quietly(w -> w.writeRstStream(streamId, code));
  }

  void pingAck(long opaqueData) {
    quietly(w -> w.writePingAck(opaqueData));
  }

  /** Section 6.8: push is disabled, so the last stream we processed is always 0. */
  void goAway(ErrorCode code) {
    quietly(w -> w.writeGoAway(0, code, ""));
  }

  /**
   * Acknowledges the server's SETTINGS (section 6.5.3) after taking up what they change in the
   * writer: the frame size for DATA and the HPACK table size (RFC 7541 section 4.2).
   */
  void settingsAck(Settings changed, Settings peer) {
    quietly(w -> {
      if (changed.isSet(SettingsParameter.MAX_FRAME_SIZE)) w.maxFrameSize(peer.maxFrameSize());
      if (changed.isSet(SettingsParameter.HEADER_TABLE_SIZE)) {
        encoder.peerMaxTableSize(peer.headerTableSize());
      }
      w.writeSettingsAck();
    });
  }

  private interface Write {
    void to(FrameWriter w);
  }

  private void quietly(Write write) {
    lock.lock();
    try {
      write.to(frames);
      flush();
    } catch (IOException e) {
      onFailure.run();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes the frames so far. The socket is a channel's, and a channel closes when the thread
   * using it is interrupted ({@link java.nio.channels.InterruptibleChannel}), which on this shared
   * connection would end every other caller's stream. A caller interrupted while it waited (its
   * response, its body, credit) writes its RST_STREAM or WINDOW_UPDATE next, so such a write is
   * made by another thread: clearing the interrupt is not enough, since {@link Thread#interrupt}
   * wakes the waiting thread first and only then closes the channel that thread is blocked on,
   * which by then may be the one this write uses. The caller keeps its interrupt. (An interrupt
   * that first lands during a write still closes the channel; frames seldom wait there.)
   */
  private void flush() throws IOException {
    int length = frames.size();
    if (outgoing.length < length) outgoing = new byte[Math.max(length, 2 * outgoing.length)];
    frames.drainTo(outgoing, 0, length);
    if (!Thread.interrupted()) {
      writeOut(length);
      return;
    }
    try {
      writeFromAnotherThread(length);
    } finally {
      Thread.currentThread().interrupt();
    }
  }

  private void writeOut(int length) throws IOException {
    out.write(outgoing, 0, length);
    out.flush();
  }

  /** {@link #writeOut} on a new thread, waited for whatever interrupts come (the lock stays ours). */
  private void writeFromAnotherThread(int length) throws IOException {
    IOException[] failure = new IOException[1];
    Thread helper = Thread.ofPlatform().daemon().name("courier-h2-write").start(() -> {
      try {
        writeOut(length);
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    while (true) {
      try {
        helper.join();
        break;
      } catch (InterruptedException again) {
        // the caller's interrupt is put back by flush()
      }
    }
    if (failure[0] != null) throw failure[0];
  }
}
