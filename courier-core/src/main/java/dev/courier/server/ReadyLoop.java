package dev.courier.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One platform thread and its {@link Selector}, watching the non-blocking channels of plaintext
 * HTTP/1.1 connections. A connection waiting for its next request is parked here without any
 * thread; when bytes arrive the loop reads them, and once a request head is complete the
 * connection runs on a virtual thread (see {@link SelectorPath#ready}). A connection's thread
 * that must wait in the middle of an exchange (a body read, a full send buffer) parks itself and
 * is unparked from here.
 *
 * <p>Why: a virtual thread that parks in a blocking read pays, on every keep-alive request, a
 * registration with the JDK's poller, a continuation copied off and back onto its carrier and a
 * scheduler task. Here one {@code epoll_wait} reports many connections at once, the interest of an
 * idle connection stays registered between requests (no {@code epoll_ctl} per request), and the
 * thread that runs an exchange ends with it instead of parking.
 */
final class ReadyLoop implements Runnable {
  private final Selector selector;
  private final Thread thread;
  /** Connections whose key was cancelled and whose thread waits until the channel is deregistered. */
  private final ConcurrentLinkedQueue<SelectorPath> leaving = new ConcurrentLinkedQueue<>();
  /**
   * The loop thread's own direct buffer for the socket reads and writes it makes. A heap buffer
   * handed to a channel is copied through a temporary direct buffer that the JDK takes from and
   * gives back to a per-thread cache on every call; reading into this one saves that and the copy
   * into a per-connection array (the parser copies from here). Used by the loop's thread only.
   */
  private final ByteBuffer io = ByteBuffer.allocateDirect(IO_BUFFER_SIZE);
  private volatile boolean stopped;

  /** As large as a connection's read buffer: one read on the loop takes what one read on a thread would. */
  static final int IO_BUFFER_SIZE = 16 * 1024;

  ReadyLoop(String name) throws IOException {
    this.selector = Selector.open();
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this);
  }

  void start() {
    thread.start();
  }

  /** Watches {@code channel} (non-blocking) for {@code connection}, reading first. */
  SelectionKey register(SocketChannel channel, SelectorPath connection) throws IOException {
    SelectionKey key = channel.register(selector, SelectionKey.OP_READ, connection);
    selector.wakeup(); // a registration takes effect at the next select
    return key;
  }

  /** The loop's direct buffer (see {@link #io}); only for use on the loop's thread. */
  ByteBuffer ioBuffer() {
    return io;
  }

  /** Makes the loop apply changed interest sets and cancelled keys now (coalesced by the selector). */
  void wakeup() {
    selector.wakeup();
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

  @Override
  public void run() {
    try {
      while (!stopped) {
        selector.select(ReadyLoop::dispatch);
        for (SelectorPath c; (c = leaving.poll()) != null; ) c.unparkWaiter();
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!stopped) HttpServer.log().log(System.Logger.Level.ERROR, "selector failed", e);
    } finally {
      for (SelectorPath c; (c = leaving.poll()) != null; ) c.unparkWaiter();
      HttpServer.closeQuietly(selector);
    }
  }

  private static void dispatch(SelectionKey key) {
    SelectorPath connection = (SelectorPath) key.attachment();
    try {
      connection.ready(key);
    } catch (CancelledKeyException e) {
      // closed by another thread meanwhile (shutdown, reaper): its closer accounts for it
    } catch (RuntimeException e) {
      // never let one connection end the loop that every parked connection waits on
      HttpServer.log().log(System.Logger.Level.ERROR, "connection failed on the read loop", e);
      connection.forceClose();
    }
  }

  /** Ends the loop; the server has closed or force-closed every connection first. */
  void stop() {
    stopped = true;
    selector.wakeup();
  }
}
