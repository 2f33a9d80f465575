package dev.courier.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets handlers that were not declared non-blocking run on the read loops, and keeps one that
 * blocks from holding up the other connections. One platform thread per server looks at each
 * {@link ReadyLoop}, and at each HTTP/2 connection's reader ({@link H2ServerConnection}), every ten
 * milliseconds; when the same run is under way at two looks in a row and the running thread is
 * waiting (parked, sleeping, locked out, or in a socket or file read), or at six looks (50 ms)
 * while it computes, a new thread takes over ({@link Watched#takeOver}): the loop's other
 * connections, or the HTTP/2 connection's reading, go on there, and the stuck thread keeps only
 * its own connection (HTTP/1.1) or its own stream (HTTP/2). After a takeover, ordinary
 * handlers go back to virtual threads for a while, twice as long after each takeover (one second,
 * up to five minutes; one second again after ten minutes without any), then are tried on the loops
 * again.
 *
 * <p>Why: most handlers answer from memory without waiting, and for them the hand-off to a
 * virtual thread is the largest part of a request's cost (a queue, often a thread woken, its stack
 * copied back). Declaring a handler non-blocking ({@link Handler#nonBlocking}) saves it, but a
 * user should not have to know; and one that blocks now and then must not stall the server. The
 * price of a handler that blocks on the loop is a delay of ten to twenty milliseconds for the
 * other connections of that loop, once per trial, and a platform thread that ends with its
 * connection.
 * A running thread is given longer because it may be warming up (classes loading, code compiled)
 * or only preempted by the system; the JDK reports one blocked in a native read as running too,
 * so such a thread's top frame is looked at: an I/O method there counts as waiting.
 *
 * <p>This follows what Go's runtime monitor does for goroutines stuck in system calls, at the
 * same pace: Go's monitor looks every ten milliseconds once nothing needs it.
 */
final class LoopWatchdog implements Runnable {
  /**
   * What the watchdog looks at: a thread that runs handlers between its other work, in numbered
   * runs, and that another thread can take over from.
   */
  interface Watched {
    /** The run under way (odd) or the last one ended (even). */
    long runs();

    /** The thread running now. */
    Thread owner();

    /**
     * If {@code run} is still under way, the thread running it loses its place, {@code before}
     * runs, and a new thread goes on from where the stuck one stopped: true. False when the run
     * ended meanwhile (nothing changes).
     */
    boolean takeOver(long run, Runnable before);
  }

  /** One watched thing and what the watchdog remembers of it (its thread only). */
  static final class Watch {
    private final Watched target;
    /** What goes on on a new thread after a takeover, for the log. */
    private final String what;
    private long seen;
    private int looks;

    Watch(Watched target, String what) {
      this.target = target;
      this.what = what;
    }
  }

  /**
   * Between two looks. Each look wakes this thread, a futex call and a context switch, which on
   * this project's 2-core benchmark machine cost about 45 microseconds of the server's CPU each:
   * looking every 2 ms was 2.6% of a busy server's CPU samples (perf, wrk at c64), every 10 ms
   * 0.7%. An idle server is looked at as often: a hundred wake-ups a second are
   * not worth a second pace.
   */
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** Looks that a run may stay under way: on a waiting thread, and on a running one (50 ms). */
  private static final int WAITING_LOOKS = 1;
  private static final int RUNNING_LOOKS = 5;
  private static final long FIRST_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MINUTES.toNanos(5);
  /** A catch this long after the last one starts again from the first pause. */
  private static final long FORGIVEN_AFTER_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final Watch[] loops;
  /** HTTP/2 connections' readers, watched while their connection lasts. */
  private final Set<Watch> readers = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean stopped;
  /** Whether ordinary handlers may run on the loops now; read for each request. */
  private volatile boolean trusting = true;
  private long pause = FIRST_PAUSE_NANOS;
  private long pausedUntil;
  private long lastCatch;
  private boolean caughtWaiting;

  /** Watches {@code loops} (none on the blocking path) and the HTTP/2 readers that {@link #watch} themselves. */
  LoopWatchdog(ReadyLoop[] loops, String name) {
    this.loops = new Watch[loops.length];
    for (int i = 0; i < loops.length; i++) this.loops[i] = new Watch(loops[i], "the loop");
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this);
  }

  void start() {
    thread.start();
  }

  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
  }

  /** Whether a handler not declared non-blocking may run on a loop now. */
  boolean trusting() {
    return trusting;
  }

  /** Watches {@code reader} until {@link #unwatch}; the handle to give back then. */
  Watch watch(Watched reader) {
    Watch w = new Watch(reader, "the HTTP/2 connection's reading");
    readers.add(w);
    // Without loops the watchdog sleeps while nothing is watched: wake it.
    if (loops.length == 0) LockSupport.unpark(thread);
    return w;
  }

  void unwatch(Watch w) {
    readers.remove(w);
  }

  @Override
  public void run() {
    while (!stopped) {
      for (Watch w : loops) look(w);
      for (Watch w : readers) look(w);
      if (!trusting && System.nanoTime() - pausedUntil >= 0) trusting = true;
      // A server without loops (TLS, the blocking path) wakes nobody while it has no HTTP/2 connection.
      if (loops.length == 0 && readers.isEmpty() && trusting) LockSupport.park(this);
      else LockSupport.parkNanos(this, TICK_NANOS);
    }
  }

  /** Looks at {@code w}, and takes it over when its run is stuck. */
  private void look(Watch w) {
    Watched loop = w.target;
    long run = loop.runs();
    if (run != w.seen) {
      w.seen = run;
      w.looks = 0;
      return;
    }
    if ((run & 1) == 0) return; // selecting or reading, or between two runs: nothing is stuck
    w.looks++;
    Thread owner = loop.owner();
    boolean waiting = isWaiting(owner);
    boolean first = !caughtWaiting && waiting;
    // Distrusted before the new thread starts, so it does not run the next ordinary handler itself.
    if (w.looks >= (waiting ? WAITING_LOOKS : RUNNING_LOOKS) && loop.takeOver(run, this::distrust)) {
      w.looks = 0;
      long paused = pausedUntil - System.nanoTime();
      // The first handler caught waiting is said at INFO: the user may want handlersOnLoop(false)
      // for a server whose handlers block. One caught computing is usually a cold start (classes
      // loading on the first requests), not worth a line in every log.
      if (waiting) caughtWaiting = true;
      HttpServer.log().log(first ? System.Logger.Level.INFO : System.Logger.Level.DEBUG, () -> "a handler kept "
          + (owner.getName().isEmpty() ? "thread #" + owner.threadId() : owner.getName())
          + (waiting ? " waiting" : " running") + "; " + w.what + " goes on on a new thread, and handlers"
          + " not declared non-blocking run on virtual threads for " + TimeUnit.NANOSECONDS.toMillis(paused)
          + " ms (HttpServer.Builder.handlersOnLoop)");
    }
  }

  private static final String HTTPBIN = "dev.courier.server.httpbin.";

  /**
   * Whether {@code t} waits rather than computes: parked, sleeping or locked out, or running a
   * native read or poll, which the JDK reports as RUNNABLE. Its stack is taken only for a thread
   * already seen stuck (a handshake with it, some microseconds).
   */
  private static boolean isWaiting(Thread t) {
    Thread.State state = t.getState();
    StackTraceElement[] stack = t.getStackTrace();
    // The server's own code never waits for long (its channels are non-blocking, its locks short):
    // a thread found waiting there was preempted or briefly held up, and counts as running. Seen
    // under wrk: the loop's own reads and writes about 500 times in 20 s at load 4, and once a
    // FileHandler look-up behind the JDK's cleaner lock. Whose call it is shows in the first
    // frame outside the JDK.
    for (StackTraceElement frame : stack) {
      String c = frame.getClassName();
      if (c.startsWith("java.") || c.startsWith("sun.") || c.startsWith("jdk.")) continue;
      // httpbin's handlers are a user's, as they would be outside this package.
      if (c.startsWith("dev.courier.server.") && !c.startsWith(HTTPBIN)) return false;
      break;
    }
    if (state != Thread.State.RUNNABLE) return true;
    if (stack.length == 0 || !stack[0].isNativeMethod()) return false;
    String top = stack[0].getClassName();
    return top.startsWith("sun.nio.ch.") || top.startsWith("java.net.") || top.startsWith("java.io.")
        || top.startsWith("sun.nio.fs.");
  }

  /** Sends ordinary handlers to virtual threads for the next pause, and doubles the one after. */
  private void distrust() {
    long now = System.nanoTime();
    // A longer pause than the first means an earlier catch, at lastCatch.
    if (pause > FIRST_PAUSE_NANOS && now - lastCatch > FORGIVEN_AFTER_NANOS) pause = FIRST_PAUSE_NANOS;
    lastCatch = now;
    trusting = false;
    pausedUntil = now + pause;
    pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
  }
}
