package dev.courier.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Connects to the first of several addresses that answers, racing them as Happy Eyeballs v2 does
 * (RFC 8305): addresses are interleaved by family, starting with the family of the first one
 * (Section 4); an attempt starts {@link #ATTEMPT_DELAY} after the one before, or at once when that
 * one fails (Section 5); the first to connect wins and the others are cancelled and closed. The
 * connect timeout bounds the whole race. A single address is simply connected to.
 *
 * <p>Theory of operation: each attempt is a thread blocked in {@link Socket#connect}, of the
 * caller's kind (from a platform thread a platform one: a virtual one would start the JDK's poller,
 * which stays in native code and costs the program 300 ms at exit; see {@code H2Connection}); it
 * reports its outcome on a queue. The caller's thread starts attempts and waits on the queue
 * until the next attempt is due, an outcome arrives, or the deadline passes. Cancelling an attempt
 * closes its socket, which ends a pending connect at once.
 */
final class HappyEyeballs {
  /** RFC 8305, Section 5: the recommended Connection Attempt Delay. */
  static final Duration ATTEMPT_DELAY = Duration.ofMillis(250);

  /** Told how each attempt ended (tests watch the losers being cancelled). */
  interface Listener {
    Listener NONE = (address, outcome) -> {};

    void attemptEnded(InetAddress address, Outcome outcome);
  }

  enum Outcome { CONNECTED, FAILED, CANCELLED }

  private HappyEyeballs() {}

  /** RFC 8305, Section 4: alternate families, the first address's family first, each in the resolver's order. */
  static List<InetAddress> interleave(List<InetAddress> addresses) {
    if (addresses.isEmpty()) return addresses;
    boolean firstIsV6 = addresses.get(0) instanceof Inet6Address;
    List<InetAddress> preferred = new ArrayList<>();
    List<InetAddress> other = new ArrayList<>();
    for (InetAddress a : addresses) {
      ((a instanceof Inet6Address) == firstIsV6 ? preferred : other).add(a);
    }
    List<InetAddress> out = new ArrayList<>(addresses.size());
    for (int i = 0; i < Math.max(preferred.size(), other.size()); i++) {
      if (i < preferred.size()) out.add(preferred.get(i));
      if (i < other.size()) out.add(other.get(i));
    }
    return out;
  }

  static Socket connect(List<InetAddress> addresses, int port, ConnectOptions options, Listener listener)
      throws IOException {
    List<InetAddress> ordered = interleave(addresses);
    long timeoutNanos = options.connectTimeout().toNanos();
    long deadline = System.nanoTime() + timeoutNanos;
    LinkedBlockingQueue<Attempt> ended = new LinkedBlockingQueue<>();
    List<Attempt> running = new ArrayList<>();
    IOException failure = null;
    int next = 0;
    try {
      running.add(Attempt.start(ordered.get(next++), port, options, deadline, ended, listener));
      while (true) {
        long untilDeadline = timeoutNanos == 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (untilDeadline <= 0) break;
        long wait = next < ordered.size() ? Math.min(ATTEMPT_DELAY.toNanos(), untilDeadline) : untilDeadline;
        Attempt done = ended.poll(wait, TimeUnit.NANOSECONDS);
        if (done == null) {
          if (next < ordered.size()) running.add(Attempt.start(ordered.get(next++), port, options, deadline, ended, listener));
          continue;
        }
        running.remove(done);
        if (done.failure == null) {
          return done.socket; // the winner: the others are cancelled below
        }
        if (failure != null) done.failure.addSuppressed(failure);
        failure = done.failure;
        if (next < ordered.size()) {
          running.add(Attempt.start(ordered.get(next++), port, options, deadline, ended, listener));
        } else if (running.isEmpty()) {
          throw failure;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while connecting");
    } finally {
      for (Attempt loser : running) loser.cancel();
    }
    SocketTimeoutException timeout = new SocketTimeoutException("connect timed out");
    if (failure != null) timeout.addSuppressed(failure);
    throw timeout;
  }

  /** One connection attempt on its own thread. */
  private static final class Attempt {
    final InetAddress address;
    final Socket socket;
    final Listener listener;
    volatile IOException failure;
    private volatile boolean cancelled;

    private Attempt(InetAddress address, Socket socket, Listener listener) {
      this.address = address;
      this.socket = socket;
      this.listener = listener;
    }

    static Attempt start(InetAddress address, int port, ConnectOptions options, long deadline,
        LinkedBlockingQueue<Attempt> ended, Listener listener) throws IOException {
      Attempt a = new Attempt(address, SystemTransport.newSocket(), listener);
      Thread.Builder kind = Thread.currentThread().isVirtual() ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
      kind.name("courier-connect-" + address.getHostAddress()).start(() -> a.run(port, options, deadline, ended));
      return a;
    }

    private void run(int port, ConnectOptions options, long deadline, LinkedBlockingQueue<Attempt> ended) {
      try {
        socket.setTcpNoDelay(options.tcpNoDelay());
        if (options.sourceAddress().isPresent()) socket.bind(options.sourceAddress().get());
        int timeout = 0;
        if (!options.connectTimeout().isZero()) {
          timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime()) / 1_000_000L));
        }
        socket.connect(new InetSocketAddress(address, port), timeout);
        if (cancelled) {
          close();
          listener.attemptEnded(address, Outcome.CANCELLED);
          return;
        }
      } catch (IOException e) {
        close();
        failure = e;
        listener.attemptEnded(address, cancelled ? Outcome.CANCELLED : Outcome.FAILED);
        if (!cancelled) ended.add(this);
        return;
      }
      ended.add(this);
      listener.attemptEnded(address, Outcome.CONNECTED);
    }

    /** Closes the socket: a pending connect ends at once; a connected loser is closed. */
    void cancel() {
      cancelled = true;
      close();
    }

    private void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing was sent on it
      }
    }
  }
}
