package dev.courier.internal;

import java.util.ArrayList;

/**
 * The wakes an HTTP/2 connection's reader owes the threads that wait for body bytes (a server's
 * handlers reading requests, a client's callers reading responses). A DATA payload is queued for
 * its stream at once, but a thread waiting for it is woken once per batch of input, or before the
 * reader itself may wait for the socket, not once per frame: each wake hands a thread over (a
 * futex signal and a context switch), and perf profiles of 64 MiB transfers over TLS put a fifth
 * of the server's CPU, and more of the client's, in those hand-offs when each 16 KiB record
 * brought one frame. A batch is small enough that a reader streaming a body still hears of its
 * bytes within a fraction of a millisecond. The connection's reader thread's state, as its frame
 * reader is.
 *
 * <pre>{@code
 * wakes.offer(body, data.data(), data.endStream());   // for each DATA frame
 * wakes.tookIn(n);                    // for each socket read
 * wakes.wakeIfBatchFull();            // after the frames of a read were handled
 * wakes.wakeAll();                    // before the reader may wait, runs a handler, or ends
 * }</pre>
 */
public final class BodyWakes {
  /** The input the reader takes in, at most, between two rounds of wakes. */
  static final int BATCH = 64 * 1024;

  /** Made at the first wake owed: a connection that never carries a body holds none. */
  private ArrayList<BodyQueue> owed;
  private int takenIn;

  /**
   * Queues {@code data} on {@code body}, whose reader is woken later if it waits; the last payload
   * of a body ({@code endsBody}, END_STREAM) wakes it at once, as the body's end that follows does.
   */
  public void offer(BodyQueue body, byte[] data, boolean endsBody) {
    if (endsBody) {
      body.offer(data);
      return;
    }
    if (!body.offerQuietly(data)) return;
    if (owed == null) owed = new ArrayList<>(4);
    owed.add(body);
  }

  /** Whether a wake is owed: a reader that asks the socket before it reads asks only then. */
  public boolean owes() {
    return owed != null && !owed.isEmpty();
  }

  /** The reader took {@code n} bytes in from the socket. */
  public void tookIn(int n) {
    takenIn += n;
  }

  /** Wakes the readers owed a wake once a batch of input has come since the last round. */
  public void wakeIfBatchFull() {
    if (takenIn >= BATCH) wakeAll();
  }

  /** Wakes every reader owed a wake: the connection's reader may wait, runs a handler, or ends. */
  public void wakeAll() {
    takenIn = 0;
    if (owed == null || owed.isEmpty()) return;
    for (BodyQueue body : owed) body.wakeReader();
    owed.clear();
  }
}
