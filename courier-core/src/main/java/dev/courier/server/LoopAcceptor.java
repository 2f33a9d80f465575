package dev.courier.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * Accepts a server's connections on its first {@link ReadyLoop}, which watches the listening
 * channel beside the parked connections, the way an event-loop server does.
 *
 * <p>Why: a thread blocked in {@code accept} sleeps and is woken for every new connection, and
 * then wakes the loop to register it; with a new connection per request (HTTP/1.0 clients, {@code
 * Connection: close}, health checks) those two wake-ups were a third of the server's CPU. Here one
 * select reports the listener ready, the loop accepts what the backlog holds, and a connection
 * dealt to this same loop is registered without any wake-up.
 *
 * <p>An accept that fails (out of file descriptors, say) would be reported again at once by a
 * level-triggered selector; the acceptor stops watching instead, and the server's reaper turns
 * it back on after {@link #PAUSE_NANOS} ({@link #resumeIfDue}).
 */
final class LoopAcceptor implements ReadyLoop.Registrant {
  /**
   * At most this many connections accepted per readiness, so that a flood of new connections
   * cannot starve the parked ones on the loop; the selector reports the rest again.
   */
  static final int BATCH = 32;
  /** How long accepting pauses after an accept failed: the accepting thread's pause. */
  static final long PAUSE_NANOS = HttpServer.ACCEPT_PAUSE.toNanos();

  private final ServerSocketChannel listener;
  private final ReadyLoop loop;
  private final Consumer<SocketChannel> starter;
  private volatile SelectionKey key;
  /** {@code System.nanoTime()} after which accepting resumes; 0 while it is not paused. */
  private volatile long pausedUntil;

  /** Accepts from {@code listener} on {@code loop}, handing each connection to {@code starter}. */
  LoopAcceptor(ServerSocketChannel listener, ReadyLoop loop, Consumer<SocketChannel> starter) {
    this.listener = listener;
    this.loop = loop;
    this.starter = starter;
  }

  /** Makes the listener non-blocking and has the loop watch it. */
  void start() throws IOException {
    listener.configureBlocking(false);
    key = loop.register(listener, SelectionKey.OP_ACCEPT, this);
  }

  /** On the loop's thread: connections wait in the backlog. */
  @Override
  public void ready(SelectionKey k, ByteBuffer io) {
    for (int i = 0; i < BATCH; i++) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (ClosedChannelException e) {
        k.cancel(); // the server stops
        return;
      } catch (IOException e) {
        HttpServer.acceptFailed(e);
        pause(k);
        return;
      }
      if (channel == null) return; // the backlog is empty
      starter.accept(channel);
    }
  }

  /** On the loop's thread, after {@link #ready} failed unexpectedly: accepting pauses rather than spins. */
  @Override
  public void forceClose() {
    SelectionKey k = key;
    if (k != null) pause(k);
  }

  /** Stops watching the listener until {@link #resumeIfDue}; {@code k} is its key (maybe not yet in {@link #key}). */
  private void pause(SelectionKey k) {
    pausedUntil = System.nanoTime() + PAUSE_NANOS | 1; // never 0, which means not paused
    try {
      k.interestOps(0);
    } catch (CancelledKeyException e) {
      // the server stops
    }
  }

  /** Called by the server's reaper: watches the listener again once a pause has passed. */
  void resumeIfDue(long now) {
    long until = pausedUntil;
    SelectionKey k = key;
    if (until == 0 || now - until < 0 || k == null) return;
    pausedUntil = 0;
    try {
      k.interestOps(SelectionKey.OP_ACCEPT);
    } catch (CancelledKeyException e) {
      return; // the server stops
    }
    loop.wakeup();
  }

  /**
   * Called by {@code stop} after closing the listener: the loop's selector releases the port once
   * it deregisters the channel, so wake it and wait for that, up to a second. A handler that stops
   * the server on the loop's own thread cannot wait for it: the loop does it after the handler.
   */
  void awaitClosed() {
    if (loop.onItsThread()) return;
    long deadline = System.nanoTime() + 1_000_000_000L;
    while (listener.isRegistered() && System.nanoTime() - deadline < 0) {
      loop.wakeup();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
