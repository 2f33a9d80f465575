package dev.courier.server;

import java.util.ArrayList;

/**
 * The wakes an HTTP/2 connection's reader owes handlers that wait for request body bytes. A DATA
 * payload is queued for its stream at once, but a handler waiting for it is woken once per batch
 * of input, or before the reader itself waits for the socket, not once per frame: each wake hands
 * a virtual thread to another carrier (a futex signal and a context switch), and a perf profile of
 * 64 MiB uploads over TLS put a fifth of the server's CPU in those hand-offs when each 16 KiB
 * record brought one frame. A batch is small enough that a handler streaming a body still hears of its
 * bytes within a fraction of a millisecond. The reader thread's state, as the frame reader is.
 *
 * <pre>{@code
 * wakes.offer(stream, data.data());   // for each DATA frame
 * wakes.tookIn(n);                    // for each socket read
 * wakes.wakeIfBatchFull();            // after the frames of a read were handled
 * wakes.wakeAll();                    // before the reader waits, runs a handler, or ends
 * }</pre>
 */
final class H2BodyWakes {
  /** The input the reader takes in, at most, between two rounds of wakes. */
  static final int BATCH = 64 * 1024;

  /** Made at the first wake owed: a connection that never carries a body holds none. */
  private ArrayList<H2ServerStream> owed;
  private int takenIn;

  /** Queues {@code data} for {@code stream}'s handler, which is woken later if it waits. */
  void offer(H2ServerStream stream, byte[] data) {
    if (!stream.offerBodyQuietly(data)) return;
    if (owed == null) owed = new ArrayList<>(4);
    owed.add(stream);
  }

  /** The reader took {@code n} bytes in from the socket. */
  void tookIn(int n) {
    takenIn += n;
  }

  /** Wakes the handlers owed a wake once a batch of input has come since the last round. */
  void wakeIfBatchFull() {
    if (takenIn >= BATCH) wakeAll();
  }

  /** Wakes every handler owed a wake: the reader is about to wait, to run a handler, or to end. */
  void wakeAll() {
    takenIn = 0;
    if (owed == null || owed.isEmpty()) return;
    for (H2ServerStream stream : owed) stream.wakeBodyReader();
    owed.clear();
  }
}
