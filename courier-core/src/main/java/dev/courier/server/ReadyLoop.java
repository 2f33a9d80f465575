package dev.courier.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Selector} watching the non-blocking channels of connections (HTTP/1.1 and HTTP/2,
 * plaintext, and TLS after its handshake, read through a {@link TlsChannel}), and the
 * platform thread that runs it. A connection waiting for its next request is parked here without
 * any thread; when bytes arrive the loop reads them, and once a request head is complete it
 * serves the request itself or hands the connection to a virtual thread (see {@link
 * SelectorPath#ready}). A connection's thread that must wait in the middle of an exchange (a body
 * read, a full send buffer) parks itself and is unparked from here.
 *
 * <p>Why: a virtual thread that parks in a blocking read pays, on every keep-alive request, a
 * registration with the JDK's poller, a continuation copied off and back onto its carrier and a
 * scheduler task. Here one {@code epoll_wait} reports many connections at once, the interest of an
 * idle connection stays registered between requests (no {@code epoll_ctl} per request), and the
 * thread that runs an exchange ends with it instead of parking. The first loop of a server also
 * watches its listening channel and accepts its connections ({@link LoopAcceptor}).
 *
 * <p>The loop can change threads. Each connection the loop attends to is a numbered run ({@link
 * #runs} is odd while one is under way); a {@link LoopWatchdog} that sees the same run under way
 * for too long (a handler run on the loop that blocked) takes the loop over with {@link
 * #takeOver}: the stuck thread keeps only its own connection, finishes it as any connection's
 * thread would, and ends, while a new thread selects for every other connection. The runs'
 * compare-and-set decides who owns the loop, so exactly one thread selects at a time. Selected keys
 * are copied out of the selector before they are served, because a thread stuck inside {@link
 * Selector#select(java.util.function.Consumer)} would hold the selector's lock.
 */
final class ReadyLoop implements LoopWatchdog.Watched {
  /**
   * What a channel registered here is for: an HTTP/1.1 connection ({@link SelectorPath}) or an
   * HTTP/2 one ({@link H2LoopPath}). Its methods run on the loop's thread.
   */
  interface Registrant {
    /** The channel is ready for what its key asked; {@code io} is the loop thread's direct buffer. */
    void ready(SelectionKey key, ByteBuffer io);

    /** The connection failed on the loop's thread: close it. */
    void forceClose();
  }

  private final Selector selector;
  private final String name;
  /** Connections whose key was cancelled and whose thread waits until the channel is deregistered. */
  private final ConcurrentLinkedQueue<SelectorPath> leaving = new ConcurrentLinkedQueue<>();
  /** Odd while the loop's thread serves a connection; moved on by that thread or by a takeover. */
  private final AtomicLong runs = new AtomicLong();
  /** The thread that owns the loop now. */
  private volatile Thread owner;
  private int takeovers;
  private volatile boolean stopped;

  /** As large as a connection's read buffer: one read on the loop takes what one read on a thread would. */
  static final int IO_BUFFER_SIZE = 16 * 1024;

  ReadyLoop(String name) throws IOException {
    this.selector = Selector.open();
    this.name = name;
  }

  void start() {
    startOwner(name);
  }

  private void startOwner(String threadName) {
    Thread t = Thread.ofPlatform().name(threadName).daemon(true).unstarted(new Owner());
    owner = t;
    t.start();
  }

  /** Watches {@code channel} (non-blocking) for {@code connection}, reading first. */
  SelectionKey register(SocketChannel channel, Registrant connection) throws IOException {
    return register(channel, SelectionKey.OP_READ, connection);
  }

  /** Watches {@code channel} (non-blocking) for {@code ops}, on behalf of {@code registrant}. */
  SelectionKey register(SelectableChannel channel, int ops, Registrant registrant) throws IOException {
    SelectionKey key = channel.register(selector, ops, registrant);
    wakeup(); // a registration takes effect at the next select
    return key;
  }

  /**
   * Makes the loop apply changed interest sets, registrations and cancelled keys now (coalesced by
   * the selector). On the loop's own thread it does nothing: that thread is not in a select, and
   * its next one applies them; a wake-up there would cost a write, a select that returns at once
   * and a read of the selector's event descriptor, for every connection the loop serves and closes.
   */
  void wakeup() {
    if (!onItsThread()) selector.wakeup();
  }

  /** Whether the calling thread owns the loop now (not one it was taken over from). */
  boolean onItsThread() {
    return Thread.currentThread() == owner;
  }

  /**
   * Called by a connection's thread after cancelling its key: it is unparked once the selector has
   * deregistered the channel, which may then be put back in blocking mode (HTTP/2 handover).
   */
  void awaitDeregistered(SelectorPath connection, SocketChannel channel) {
    while (channel.isRegistered() && !stopped) {
      leaving.add(connection); // again after each wake: the loop may have polled it before the select
      selector.wakeup();
      LockSupport.park(this);
    }
  }

  /** The run under way (odd) or the last one ended (even); read by the watchdog. */
  @Override
  public long runs() {
    return runs.getAcquire();
  }

  /** The thread that owns the loop now. */
  @Override
  public Thread owner() {
    return owner;
  }

  /**
   * Called by the watchdog, which saw {@code run} under way for too long: if it still is, the stuck
   * thread loses the loop and keeps only its connection, and the loop moves to a new thread after
   * {@code before} ran. False when the run ended meanwhile (nothing changes) or the loop stopped.
   */
  @Override
  public boolean takeOver(long run, Runnable before) {
    if (stopped || !runs.compareAndSet(run, run + 1)) return false;
    before.run();
    startOwner(name + "." + ++takeovers);
    return true;
  }

  /** Ends the loop; the server has closed or force-closed every connection first. */
  void stop() {
    stopped = true;
    selector.wakeup();
  }

  /** The loop, as run by one thread until it stops or a takeover leaves this thread a connection. */
  private final class Owner implements Runnable {
    /**
     * This thread's direct buffer for the socket reads and writes it makes while it owns the loop.
     * A heap buffer handed to a channel is copied through a temporary direct buffer that the JDK
     * takes from and gives back to a per-thread cache on every call; reading into this one saves
     * that and the copy into a per-connection array (the parser copies from here). A stuck thread
     * keeps using its own for its connection, so each owner has one.
     */
    private final ByteBuffer io = ByteBuffer.allocateDirect(IO_BUFFER_SIZE);
    private SelectionKey[] ready = new SelectionKey[64];
    private int readyCount;

    @Override
    public void run() {
      boolean owning = true;
      try {
        while (owning && !stopped) {
          selector.select(this::collect);
          owning = serveReady();
          if (owning) {
            for (SelectorPath c; (c = leaving.poll()) != null; ) c.unparkWaiter();
          }
        }
      } catch (IOException | ClosedSelectorException e) {
        if (!stopped) HttpServer.log().log(System.Logger.Level.ERROR, "selector failed", e);
      } finally {
        if (owning) {
          for (SelectorPath c; (c = leaving.poll()) != null; ) c.unparkWaiter();
          HttpServer.closeQuietly(selector);
        }
      }
    }

    /** Called inside select: only copies the key, so the selector's lock is held for no connection's work. */
    private void collect(SelectionKey key) {
      if (readyCount == ready.length) ready = Arrays.copyOf(ready, readyCount * 2);
      ready[readyCount++] = key;
    }

    /** Serves the keys of one select; false when the loop was taken over meanwhile. */
    private boolean serveReady() {
      int n = readyCount;
      readyCount = 0;
      for (int i = 0; i < n; i++) {
        SelectionKey key = ready[i];
        ready[i] = null;
        long run = runs.get() + 1; // only the owner moves an even count
        runs.setRelease(run);
        serve(key);
        // Taken over: the rest are the new owner's, whose select reports them again (level-triggered).
        if (!runs.compareAndSet(run, run + 1)) return false;
      }
      return true;
    }

    private void serve(SelectionKey key) {
      Registrant connection = (Registrant) key.attachment();
      try {
        connection.ready(key, io);
      } catch (CancelledKeyException e) {
        // closed by another thread meanwhile (shutdown, reaper): its closer accounts for it
      } catch (RuntimeException e) {
        // never let one connection end the loop that every parked connection waits on
        HttpServer.log().log(System.Logger.Level.ERROR, "connection failed on the read loop", e);
        connection.forceClose();
      }
    }
  }
}
