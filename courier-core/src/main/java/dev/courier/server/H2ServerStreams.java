package dev.courier.server;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.H2Exception;
import dev.courier.http.h2.H2Limits;
import dev.courier.http.h2.H2RequestHead;
import dev.courier.http.h2.ConnectionFlow;
import dev.courier.http.h2.InboundWindow;
import dev.courier.http.h2.Settings;
import dev.courier.http.h2.StreamIds;
import dev.courier.http.h2.StreamState;
import dev.courier.http.h2.WindowBudget;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The streams of one {@link H2ServerConnection} and what their handlers wait for, under one lock:
 * the open and recently closed streams ({@link H2StreamTable}), each stream's state (RFC 9113
 * section 5.1), the client's SETTINGS and both directions' flow-control windows (section 6.9).
 * Handlers writing into an empty window wait on the lock's condition, which every new credit and
 * every closed stream signals.
 *
 * <p>The lock is never held while taking the output's lock, so a blocked socket write cannot stop
 * the reader from handing out credit: the window updates decided here are appended after it is
 * released.
 */
final class H2ServerStreams {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition credit = lock.newCondition();
  private final H2StreamTable table;
  /** The reader thread's (the last id is read for GOAWAY from others; an int, never torn). */
  private final StreamIds ids = StreamIds.fromClient();
  private final ConnectionFlow flow;
  private final H2Output output;
  private final int initialUpdate;
  /** Streams opened whose handler has not finished (see {@link #active}). */
  private int working;
  /** No new streams are processed (we sent GOAWAY, or the client did). */
  private volatile boolean goingAway;
  /** The connection is over: nothing more may be sent. */
  private volatile boolean dead;

  /** How far a stream's receive window may grow ({@link H2Limits#maxStreamWindow}). */
  private final int maxStreamWindow;

  /** The server's largest request body: one announced past it is refused (413), and lent nothing. */
  private final long maxBodySize;

  H2ServerStreams(H2Limits limits, WindowBudget budget, long maxBodySize, H2Output output) {
    this.table = new H2StreamTable(8); // grows with the streams a client opens at once
    this.flow = new ConnectionFlow(limits.connectionWindow(), limits.maxConnectionWindow(), budget);
    this.maxStreamWindow = limits.maxStreamWindow();
    this.maxBodySize = maxBodySize;
    this.initialUpdate = flow.initialUpdate(); // before any other thread sees this table
    this.output = output;
  }

  /** The first WINDOW_UPDATE of the connection, sent with our SETTINGS. */
  int initialConnectionUpdate() {
    return initialUpdate;
  }

  boolean isGoingAway() {
    return goingAway;
  }

  /** Section 6.8: streams above the last one accepted are not processed from now on. */
  void stopAccepting() {
    goingAway = true;
  }

  boolean isDead() {
    return dead;
  }

  /** The connection is over: what its window borrowed goes back to the server's budget. */
  void die() {
    dead = true;
    lock.lock();
    try {
      flow.release();
    } finally {
      lock.unlock();
    }
  }

  /** The highest stream the client opened: GOAWAY's last-stream-id. */
  int lastId() {
    return ids.last();
  }

  /** Whether {@code id} is above every stream the client opened (an idle stream, section 5.1). */
  boolean isNew(int id) {
    return ids.isNew(id);
  }

  /** Section 5.1.1: odd and increasing, or a connection error. The reader thread's. */
  void openId(int id) {
    ids.open(id);
  }

  /**
   * Streams at work now: opened, and their handler's thread not yet {@link #finished}. This is
   * more than the open streams: a stream closes when its END_STREAM is recorded here, just before
   * its last frame is appended to the output, so a graceful shutdown that closed the socket once
   * no stream was open could lose that frame.
   */
  int active() {
    lock.lock();
    try {
      return working;
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@link #active()} read without the lock, for the reader's choice of read buffer: a stale
   * value only picks the other buffer for one read, which either serves.
   */
  int activeHint() {
    return working;
  }

  H2ServerStream get(int id) {
    lock.lock();
    try {
      return table.get(id);
    } finally {
      lock.unlock();
    }
  }

  H2StreamTable.Closed whyClosed(int id) {
    lock.lock();
    try {
      return table.whyClosed(id);
    } finally {
      lock.unlock();
    }
  }

  /** Remembers that the stream {@code id}, never opened or already forgotten, closed for {@code why}. */
  void closed(int id, H2StreamTable.Closed why) {
    lock.lock();
    try {
      table.closed(id, why);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A new stream for a request head, or null past {@code maxConcurrent} (section 5.1.2); its send
   * window starts at the client's SETTINGS_INITIAL_WINDOW_SIZE. A request with a body has its
   * receive window widened at once to what earlier uploads on this connection grew to. One that
   * announces a longer body has its window opened to that length (up to the maximum) and the
   * connection's widened with it, as far as the server's budget allows: a client far away then
   * sends the whole body in one round trip, as it does to a server that spools bodies to disk,
   * while stalled handlers hold no more than the budget. The lending shrinks as the body arrives
   * ({@link H2ServerStream#lentPastRest}) and what is left goes back when the stream is retired.
   */
  H2ServerStream open(H2ServerConnection connection, int id, H2RequestHead head, boolean endStream,
      int maxConcurrent, int ourWindow, long bodyTimeoutMillis) {
    int widening = 0;
    int connectionUpdate = 0;
    H2ServerStream stream;
    lock.lock();
    try {
      if (table.size() >= maxConcurrent) return null;
      InboundWindow receive = InboundWindow.forStream(id, ourWindow, Math.max(ourWindow, maxStreamWindow));
      stream = new H2ServerStream(connection, id, head, head.contentLength(), endStream,
          flow.peer().initialWindowSize(), receive, bodyTimeoutMillis);
      if (!endStream) {
        widening = flow.widen(receive);
        long length = head.contentLength();
        if (length > ourWindow && length <= maxBodySize) { // past maxBodySize: refused (413), lent nothing
          // The connection is lent what the body needs past a first stream window, whatever the
          // stream's window learned from earlier uploads: the connection's own window is small.
          InboundWindow.Widening lent = flow.lend(Math.min(length, maxStreamWindow) - ourWindow);
          widening += receive.widenTo(ourWindow + lent.raised());
          stream.lent(lent.raised());
          connectionUpdate = lent.increment();
        }
      }
      table.put(id, stream);
      working++; // its thread starts now, and ends with finished()
    } finally {
      lock.unlock();
    }
    output.windowUpdate(0, connectionUpdate);
    output.windowUpdate(id, widening);
    return stream;
  }

  /** A second field block (trailers) arrived on {@code stream}. */
  void receivedHeaders(H2ServerStream stream) {
    lock.lock();
    try {
      stream.on(StreamState.Event.RECV_HEADERS);
    } finally {
      lock.unlock();
    }
  }

  /** END_STREAM arrived: the request is complete (its length checked, section 8.1.1). */
  void receivedEnd(H2ServerStream stream) {
    lock.lock();
    try {
      stream.on(StreamState.Event.RECV_END_STREAM);
      stream.length().end();
      if (stream.state() == StreamState.CLOSED) retire(stream, H2StreamTable.Closed.ENDED);
    } finally {
      lock.unlock();
    }
  }

  /** The client reset {@code id}: the stream, closed and marked reset, or null when it was not open. */
  H2ServerStream peerReset(int id) {
    lock.lock();
    try {
      H2ServerStream stream = table.get(id);
      if (stream == null) {
        if (ids.isNew(id)) throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on idle stream " + id);
        return null;
      }
      stream.on(StreamState.Event.RECV_RST_STREAM);
      // Marked reset in the same step as closed: a handler replying now must see a reset stream,
      // not a closed one it may not send on (which would answer with a second, wrong RST_STREAM).
      stream.markReset();
      retire(stream, H2StreamTable.Closed.PEER_RESET);
      return stream;
    } finally {
      lock.unlock();
    }
  }

  /** We reset {@code id} (a stream error): the stream, closed and marked reset, or null when not open. */
  H2ServerStream weReset(int id) {
    lock.lock();
    try {
      H2ServerStream stream = table.get(id);
      if (stream != null) {
        stream.close();
        stream.markReset(); // with the state, under the lock the reply path checks it under
        retire(stream, H2StreamTable.Closed.WE_RESET);
      } else {
        table.closed(id, H2StreamTable.Closed.WE_RESET);
      }
      return stream;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The handler of {@code stream} is done, its frames appended (called once, by its thread, last):
   * true when the stream must now be reset, because the client is still sending or no response was
   * sent (section 8.1); it is closed here.
   */
  boolean finished(H2ServerStream stream) {
    lock.lock();
    try {
      working--;
      if (table.get(stream.id()) != stream) return false;
      if (stream.state() != StreamState.HALF_CLOSED_LOCAL && stream.responded()) return false;
      stream.close();
      retire(stream, H2StreamTable.Closed.WE_RESET);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The connection is lost: every open stream, its senders woken. */
  List<H2ServerStream> all() {
    lock.lock();
    try {
      credit.signalAll();
      return table.streams();
    } finally {
      lock.unlock();
    }
  }

  // ---- the response side

  /** A HEADERS frame (head or trailers) may leave on {@code stream}; END_STREAM with it when {@code end}. */
  void sendingHeaders(H2ServerStream stream, boolean end) throws IOException {
    lock.lock();
    try {
      if (stream.isReset() || dead) throw new IOException("stream " + stream.id() + " was reset");
      stream.on(StreamState.Event.SEND_HEADERS);
      if (end) sentEnd(stream);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes credit for up to {@code len} bytes from both windows, at most one frame, waiting for it
   * at most {@code waitMillis} (the frames appended so far are sent first, so the client can
   * answer them); END_STREAM is recorded when this grant ends the body.
   *
   * @return the bytes granted, 0 for an empty frame, or -1 when no credit came in time
   */
  int credit(H2ServerStream stream, int len, boolean end, long waitMillis) throws IOException {
    long left = TimeUnit.MILLISECONDS.toNanos(waitMillis);
    boolean flushed = false;
    lock.lock();
    try {
      int n;
      while (true) {
        if (stream.isReset() || dead) throw new IOException("stream " + stream.id() + " was reset");
        if (len == 0) {
          n = 0;
          break;
        }
        n = flow.take(stream.send(), len, output.dataFrameSize());
        if (n > 0) break;
        if (left <= 0) return -1;
        if (!flushed) {
          // Never wait for the client with our frames unsent, and never write under this lock.
          lock.unlock();
          try {
            output.flush();
          } finally {
            lock.lock();
          }
          flushed = true;
          continue;
        }
        left = credit.awaitNanos(left);
      }
      stream.on(StreamState.Event.SEND_DATA);
      if (end && n == len) sentEnd(stream);
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for flow-control credit");
    } finally {
      lock.unlock();
    }
  }

  /**
   * A whole response may leave now, without waiting: HEADERS, then {@code len} bytes of DATA with
   * END_STREAM (on HEADERS when {@code len} is 0), the credit for all of it taken from both windows
   * (section 6.9). False, changing nothing, when either window holds less: the caller then sends
   * the usual way, waiting for credit.
   */
  boolean takeWhole(H2ServerStream stream, int len) throws IOException {
    lock.lock();
    try {
      if (stream.isReset() || dead) throw new IOException("stream " + stream.id() + " was reset");
      if (len > 0 && !flow.takeAll(stream.send(), len)) return false;
      stream.on(StreamState.Event.SEND_HEADERS);
      if (len > 0) stream.on(StreamState.Event.SEND_DATA);
      sentEnd(stream);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The caller holds the lock: we sent END_STREAM. */
  private void sentEnd(H2ServerStream stream) {
    stream.on(StreamState.Event.SEND_END_STREAM);
    stream.markResponded();
    if (stream.state() == StreamState.CLOSED) retire(stream, H2StreamTable.Closed.ENDED);
  }

  /** Removes {@code stream} from the live ones; the caller holds the lock. */
  private void retire(H2ServerStream stream, H2StreamTable.Closed why) {
    if (table.remove(stream.id()) != null) {
      table.closed(stream.id(), why);
      flow.narrow(stream.takeLent());
      credit.signalAll();
    }
  }

  // ---- flow control (section 6.9)

  /**
   * Counts a DATA frame against the connection's window and finds its stream: null when the frame
   * is to be ignored (section 5.4.2: in flight after our RST_STREAM), its credit given back.
   *
   * @throws H2Exception for DATA on an idle or closed stream (section 5.1), or past the window
   */
  H2ServerStream dataArrived(Frame.Data d) {
    int id = d.streamId();
    int length = d.flowControlledLength();
    int returnNow = 0;
    lock.lock();
    try {
      flow.received(length); // a connection FLOW_CONTROL_ERROR past the window (section 6.9.1)
      H2ServerStream stream = table.get(id);
      if (stream != null) return stream;
      H2StreamTable.Closed why = table.whyClosed(id);
      returnNow = flow.consumed(length); // nobody will read it: give the credit back
      if (ids.isNew(id)) throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "DATA on idle stream " + id);
      if (why == H2StreamTable.Closed.PEER_RESET) {
        throw H2Exception.streamError(id, ErrorCode.STREAM_CLOSED, "DATA after RST_STREAM");
      }
      if (why != H2StreamTable.Closed.WE_RESET) {
        throw H2Exception.connectionError(ErrorCode.STREAM_CLOSED, "DATA on closed stream " + id);
      }
      return null; // section 5.4.2: frames in flight after our RST_STREAM are ignored
    } finally {
      lock.unlock();
      output.windowUpdate(0, returnNow);
    }
  }

  /**
   * Counts a DATA frame against {@code stream}'s state and window; padding, which nobody reads,
   * gives its credit back at once (section 6.1). On a stream error the frame's connection credit
   * comes back too.
   */
  void dataAccepted(H2ServerStream stream, Frame.Data d) {
    int id = stream.id();
    int length = d.flowControlledLength();
    int returnNow = 0;
    int streamReturn = 0;
    lock.lock();
    try {
      try {
        stream.on(StreamState.Event.RECV_DATA);
        stream.receive().received(length);
        stream.length().data(d.data().length);
      } catch (H2Exception e) {
        returnNow = flow.consumed(length);
        throw e;
      }
      stream.bodyReceived(d.data().length);
      flow.narrow(stream.lentPastRest()); // what the body can no longer send needs no credit
      returnNow = d.padding() > 0 ? flow.consumed(d.padding()) : 0;
      streamReturn = d.padding() > 0 ? stream.receive().consumed(d.padding()) : 0;
    } finally {
      lock.unlock();
      output.windowUpdate(0, returnNow);
    }
    output.windowUpdate(id, streamReturn);
  }

  /**
   * The handler took {@code n} bytes of {@code stream}'s body: the credit goes back when the
   * window policy says so ({@link InboundWindow#consumed}); true when a WINDOW_UPDATE was appended.
   */
  boolean consumed(H2ServerStream stream, int n) {
    int forStream;
    int forConnection;
    long now = System.nanoTime();
    lock.lock();
    try {
      forConnection = flow.consumed(n, now);
      forStream = stream.state().peerMaySend() ? flow.consumed(stream.receive(), n, now) : 0;
    } finally {
      lock.unlock();
    }
    output.windowUpdate(0, forConnection);
    output.windowUpdate(stream.id(), forStream);
    return forConnection > 0 || forStream > 0;
  }

  /**
   * The handler of {@code stream} takes its whole body ({@code expected} bytes at most) as it comes,
   * and holds it all anyway: the stream's window opens to what is still to come, past the maximum
   * of growth, and the connection's widens with it (as far as its maximum and the server's budget
   * allow, lent until the stream is retired), so that a large body does not wait a round
   * trip per step of growth (nginx, which spools such a body to disk, lets the client send it all
   * at once too). True when a WINDOW_UPDATE was appended.
   */
  boolean readingWhole(H2ServerStream stream, long expected) {
    int forStream;
    int forConnection;
    lock.lock();
    try {
      if (!stream.state().peerMaySend()) return false;
      forStream = stream.receive().openTo(expected - stream.length().received());
      InboundWindow.Widening lent = flow.lend(forStream); // within the connection's maximum and the budget
      stream.lent(lent.raised());
      forConnection = lent.increment();
    } finally {
      lock.unlock();
    }
    output.windowUpdate(0, forConnection);
    output.windowUpdate(stream.id(), forStream);
    return forConnection > 0 || forStream > 0;
  }

  /** Our SETTINGS leave now: the start of a round trip that their acknowledgement ends. */
  void settingsSent() {
    flow.settingsSent(System.nanoTime()); // safe without the lock (ConnectionFlow)
  }

  /** The client acknowledged our SETTINGS: a round trip measured, by which the receive windows grow. */
  void settingsAcknowledged() {
    flow.settingsAcknowledged(System.nanoTime());
  }

  /** A WINDOW_UPDATE: more credit for the connection (stream 0) or a stream still open. */
  void windowUpdate(int id, int increment) {
    lock.lock();
    try {
      if (id == 0) {
        flow.increase(increment);
      } else {
        H2ServerStream stream = table.get(id);
        if (stream == null) {
          if (ids.isNew(id)) throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + id);
          return; // closed: may still arrive (section 6.9)
        }
        stream.send().increase(increment);
      }
      credit.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The client's SETTINGS, applied with the move of every stream window (section 6.9.2); the new whole. */
  Settings applySettings(Settings update) {
    lock.lock();
    try {
      if (flow.apply(update, () -> table.streams().stream().map(H2ServerStream::send).iterator())) credit.signalAll();
      return flow.peer();
    } finally {
      lock.unlock();
    }
  }
}
