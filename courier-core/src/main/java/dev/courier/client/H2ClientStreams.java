package dev.courier.client;

import dev.courier.error.ConnectionException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.Url;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.H2Exception;
import dev.courier.http.h2.ConnectionFlow;
import dev.courier.http.h2.InboundWindow;
import dev.courier.http.h2.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The streams of one {@link H2Connection} and everything their senders wait for, under one lock:
 * the open streams by identifier, the slots callers reserved before taking an identifier, the
 * server's SETTINGS and both directions' flow-control windows (RFC 9113 sections 5.1.2, 6.5 and
 * 6.9). A caller waiting for a slot or for credit waits on the lock's condition, which every
 * change signals. The lock is never held while writing: credit given back is written after it is
 * released.
 */
final class H2ClientStreams {
  /**
   * Our SETTINGS_INITIAL_WINDOW_SIZE: 16 MiB per stream before the server waits for credit, the
   * fixed window of OkHttp and the JDK's client, which moves 400 MiB/s over a 40 ms round trip.
   * Streams start there, where they used to start at 1 MiB and grow to it by the round trip
   * ({@link InboundWindow}, "Growth"): a program's first download on a new connection waited a
   * round trip per step of growth (8 MiB read whole 40 ms away, a new client each time: 34 MiB/s,
   * where OkHttp made 68 and the JDK 64). What a reader that stops can be made to hold is the same
   * either way: growth reached these sizes for any reader that kept up a while.
   */
  static final int STREAM_WINDOW = 16 << 20;
  /**
   * The connection's receive window, widened from 65 535 right after the preface: two streams at
   * their widest, the JDK client's (OkHttp's is one). Wider than one stream, so that a server
   * overrunning a stream's window is a stream error, not the connection's (RFC 9113 section
   * 6.9.1). What a connection buffers at most.
   */
  static final int CONNECTION_WINDOW = 2 * STREAM_WINDOW;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Integer, H2ClientStream> streams = new HashMap<>();
  private final ConnectionFlow flow = new ConnectionFlow(CONNECTION_WINDOW);
  private final H2ClientWriter writer;
  private final int initialUpdate;
  private int nextStreamId = 1;
  private int opening; // slots reserved by callers that have not yet taken a stream identifier
  private int reservations; // slots ever reserved: a connection that served a request is "reused"
  private long idleSinceNanos = System.nanoTime(); // when the last stream ended
  private volatile boolean goingAway;
  private volatile boolean closed;

  H2ClientStreams(H2ClientWriter writer) {
    this.writer = writer;
    this.initialUpdate = flow.initialUpdate(); // before any other thread sees this table
  }

  /** The first WINDOW_UPDATE of the connection, sent with the preface. */
  int initialConnectionUpdate() {
    return initialUpdate;
  }

  boolean isUsable() {
    return !closed && !goingAway;
  }

  boolean isGoingAway() {
    return goingAway;
  }

  boolean isClosed() {
    return closed;
  }

  /** No stream can be opened or written any more: the socket is closing. */
  void markClosed() {
    closed = true;
  }

  // ---- slots (SETTINGS_MAX_CONCURRENT_STREAMS, section 5.1.2)

  /** How many more streams the server allows at once now. */
  int available() {
    lock.lock();
    try {
      if (!isUsable()) return 0;
      long max = flow.peer().maxConcurrentStreams();
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, max - streams.size() - opening));
    } finally {
      lock.unlock();
    }
  }

  /** Waits at most {@code timeout} for a free slot and takes it. */
  void awaitSlot(Url url, Duration timeout) {
    lock.lock();
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (isUsable() && streams.size() + opening >= flow.peer().maxConcurrentStreams()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new ReadTimeoutException(url.toString(), timeout, null);
        changed.awaitNanos(left);
      }
      if (!isUsable()) throw notProcessed(url, "the connection is going away");
      opening++; // a slot is ours; the stream identifier comes with the HEADERS write
      reservations++;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException("interrupted", url.toString(), false, e);
    } finally {
      lock.unlock();
    }
  }

  /** A free slot taken at once: -1 when none, else how many were taken before this one. */
  int tryReserve() {
    lock.lock();
    try {
      if (!isUsable() || streams.size() + opening >= flow.peer().maxConcurrentStreams()) return -1;
      opening++;
      return reservations++;
    } finally {
      lock.unlock();
    }
  }

  /** Gives back a reserved slot that will not be used. */
  void unreserve() {
    lock.lock();
    try {
      opening--;
      if (streams.isEmpty() && opening == 0) idleSinceNanos = System.nanoTime();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Streams open or reserved now. */
  int active() {
    lock.lock();
    try {
      return streams.size() + opening;
    } finally {
      lock.unlock();
    }
  }

  /** Takes no more streams if none is open or reserved and none has been for {@code idleNanos}. */
  boolean retireIfIdle(long nowNanos, long idleNanos) {
    lock.lock();
    try {
      if (!streams.isEmpty() || opening > 0 || nowNanos - idleSinceNanos < idleNanos) return false;
      goingAway = true; // no reservation can be taken from now on
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Takes no new stream; true when none is open or reserved (the connection may close now). */
  boolean drain() {
    lock.lock();
    try {
      goingAway = true;
      changed.signalAll();
      return streams.isEmpty() && opening == 0;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a draining connection has just lost its last stream: time to close it. */
  boolean drained() {
    lock.lock();
    try {
      return goingAway && !closed && streams.isEmpty() && opening == 0;
    } finally {
      lock.unlock();
    }
  }

  // ---- streams

  /**
   * Registers the next stream on a reserved slot; the caller holds the write lock, so the
   * identifiers reach the server in order (section 5.1.1).
   */
  H2ClientStream open(Url url, long readMillis) {
    lock.lock();
    try {
      opening--;
      if (!isUsable()) {
        changed.signalAll();
        throw notProcessed(url, "the connection is going away");
      }
      InboundWindow receive = InboundWindow.forStream(nextStreamId, STREAM_WINDOW);
      H2ClientStream stream = new H2ClientStream(nextStreamId, flow.streamWindow(nextStreamId), receive, readMillis,
          url);
      nextStreamId += 2;
      streams.put(stream.id(), stream);
      return stream;
    } finally {
      lock.unlock();
    }
  }

  H2ClientStream get(int id) {
    lock.lock();
    try {
      return streams.get(id);
    } finally {
      lock.unlock();
    }
  }

  /** Forgets the stream {@code id} (reset by either side); null when it was not open. */
  H2ClientStream remove(int id) {
    lock.lock();
    try {
      H2ClientStream stream = streams.remove(id);
      if (stream != null) goneLocked();
      return stream;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The server ended its side: the stream is done, and what is left of our request body is not
   * wanted (section 8.1: the response may end before the request does). True when it was open.
   */
  boolean ended(H2ClientStream stream) {
    lock.lock();
    try {
      stream.markEnded();
      boolean removed = streams.remove(stream.id()) != null;
      goneLocked();
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /** The rest of the request body is not wanted (a complete response, then RST_STREAM NO_ERROR). */
  void discardBody(H2ClientStream stream) {
    lock.lock();
    try {
      stream.discardBody();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Records why {@code stream} ended early (the first reason wins) and wakes its sender. */
  void fail(H2ClientStream stream, RuntimeException failure) {
    lock.lock();
    try {
      stream.failOnce(failure);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The streams above a GOAWAY's last-stream-id (section 6.8), forgotten: never processed. */
  List<H2ClientStream> goAway(int lastStreamId) {
    lock.lock();
    try {
      goingAway = true;
      List<H2ClientStream> unprocessed = new ArrayList<>();
      for (H2ClientStream s : streams.values()) if (s.id() > lastStreamId) unprocessed.add(s);
      for (H2ClientStream s : unprocessed) streams.remove(s.id());
      goneLocked();
      return unprocessed;
    } finally {
      lock.unlock();
    }
  }

  /** The connection is lost: every stream, forgotten. */
  List<H2ClientStream> closeAll() {
    lock.lock();
    try {
      List<H2ClientStream> all = new ArrayList<>(streams.values());
      streams.clear();
      closed = true;
      changed.signalAll();
      return all;
    } finally {
      lock.unlock();
    }
  }

  /** A stream left the map (under the lock): wake waiters, note when the connection went idle. */
  private void goneLocked() {
    if (streams.isEmpty() && opening == 0) idleSinceNanos = System.nanoTime();
    changed.signalAll();
  }

  // ---- flow control (section 6.9)

  /**
   * Counts a DATA frame against the windows: the stream to hand its data to, or null when nobody
   * will read it (the stream is gone), whose credit then comes back at once, as padding's does.
   *
   * @throws H2Exception a stream FLOW_CONTROL_ERROR past the stream's window, a connection one
   *     past the connection's (section 6.9.1)
   */
  H2ClientStream received(Frame.Data d) {
    int length = d.flowControlledLength();
    int returnNow;
    int streamReturn = 0;
    H2Exception streamError = null;
    H2ClientStream stream;
    lock.lock();
    try {
      flow.received(length);
      stream = streams.get(d.streamId());
      if (stream != null && stream.body() != null) {
        try {
          stream.receive().received(length);
        } catch (H2Exception e) {
          streamError = e; // past the stream's window: the stream is reset, the frame not read
        }
      }
      if (stream == null || stream.body() == null || streamError != null) {
        stream = null;
        returnNow = flow.consumed(length); // nobody will read it: give the credit back
      } else {
        // Section 6.1: padding counts against both windows, and nobody will read it.
        returnNow = d.padding() > 0 ? flow.consumed(d.padding()) : 0;
        streamReturn = d.padding() > 0 ? stream.receive().consumed(d.padding()) : 0;
      }
    } finally {
      lock.unlock();
    }
    writer.windowUpdates(d.streamId(), returnNow, streamReturn);
    if (streamError != null) throw streamError;
    return stream;
  }

  /** The body's reader took {@code n} bytes: credit back per the window policy. */
  void consumed(H2ClientStream stream, int n) {
    int forConnection;
    int forStream;
    lock.lock();
    try {
      forConnection = flow.consumed(n);
      forStream = stream.ended() ? 0 : stream.receive().consumed(n); // fixed windows: no round trip to time
    } finally {
      lock.unlock();
    }
    writer.windowUpdates(stream.id(), forConnection, forStream);
  }

  /** The server's SETTINGS: applied, with the move of every stream's send window; returns the new whole. */
  Settings applySettings(Settings update) {
    lock.lock();
    try {
      flow.apply(update, () -> streams.values().stream().map(H2ClientStream::send).iterator());
      changed.signalAll();
      return flow.peer();
    } finally {
      lock.unlock();
    }
  }

  /** A WINDOW_UPDATE: more credit for the connection (stream 0) or a stream still open. */
  void windowUpdate(int streamId, int increment) {
    lock.lock();
    try {
      if (streamId == 0) {
        flow.increase(increment);
      } else {
        H2ClientStream stream = streams.get(streamId);
        if (stream != null) stream.send().increase(increment);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes credit for up to {@code wanted} body bytes of {@code stream}, waiting at most {@code wait}
   * (zero: no limit): the bytes granted (0 when {@code wanted} is 0), or -1 when the rest of the
   * body is not wanted any more.
   *
   * @throws RuntimeException the stream's failure, a {@link ConnectionException} when the
   *     connection closed, a {@link ReadTimeoutException} when no credit came in time
   */
  int credit(H2ClientStream stream, int wanted, int maxFrameSize, Duration wait) {
    String url = stream.url().toString();
    lock.lock();
    try {
      long left = wait.isZero() ? Long.MAX_VALUE : wait.toNanos();
      while (true) {
        if (stream.failure() != null) throw stream.failure();
        if (stream.bodyDiscarded()) return -1; // the answer is complete: the server does not want the rest
        if (closed) throw new ConnectionException("the HTTP/2 connection closed", url, true, null);
        if (wanted == 0) return 0;
        int n = flow.take(stream.send(), wanted, maxFrameSize);
        if (n > 0) return n;
        if (left <= 0) throw new ReadTimeoutException(url, wait, null);
        left = changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException("interrupted", url, true, e);
    } finally {
      lock.unlock();
    }
  }

  static RemoteDisconnectedException notProcessed(Url url, String why) {
    return new RemoteDisconnectedException("HTTP/2 request not processed: " + why, url == null ? "" : url.toString(),
        false, null);
  }
}
