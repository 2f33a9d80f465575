package dev.courier.net;

import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends socket reads that wait longer than their read timeout, so that the sockets themselves can
 * block without a timeout.
 *
 * <p>Why: a {@link java.net.Socket} read with {@code SO_TIMEOUT} makes the JDK switch the socket
 * to non-blocking mode for good, and each read then tries once, finds nothing (the answer has not
 * come yet), polls and reads again: four system calls per request and response where a blocking
 * read needs two, and the poll's wake-up sits on the critical path of every round trip. With the
 * timeout kept here instead, a read on a platform thread is one blocking {@code read(2)}.
 *
 * <p>Theory of operation: a watched read stores its deadline in its connection (one volatile
 * write, {@link SocketConnection#arm}) and clears it afterwards (one compare-and-set). One daemon
 * thread sleeps until the earliest deadline it knows of; when it wakes, it expires every
 * connection whose deadline has passed (the connection closes its socket, which ends the blocked
 * read, and the reader reports {@link java.net.SocketTimeoutException}), and sleeps again. Reads
 * with one timeout have deadlines that only move forward, so arming a read seldom wakes the
 * thread: only a deadline earlier than its wake-up time does. While reads come, the thread wakes
 * at least every {@link #HORIZON} to look; after a quiet horizon with no read armed it sleeps
 * until the next read wakes it.
 */
final class ReadWatchdog {
  /** The longest the thread sleeps while reads are being armed. */
  static final long HORIZON = TimeUnit.SECONDS.toNanos(1);

  static final ReadWatchdog INSTANCE = new ReadWatchdog();

  /** Weakly: a connection dropped without being closed is not kept alive by the watch. */
  private final Set<WeakReference<SocketConnection>> watched = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  /** When the thread will next look (meaningless while {@link #sleepingForever}). */
  private volatile long wakeAt;
  private volatile boolean sleepingForever = true;
  /** A read was armed since the thread last looked. */
  private volatile boolean active;

  private ReadWatchdog() {
    thread = Thread.ofPlatform().daemon().name("courier-read-watchdog").unstarted(this::run);
    thread.start();
  }

  /** Watches {@code connection} until it is closed. */
  void watch(WeakReference<SocketConnection> connection) {
    watched.add(connection);
  }

  void unwatch(WeakReference<SocketConnection> connection) {
    watched.remove(connection);
  }

  /** Called after a read stored {@code deadline}: wakes the thread only when it would look too late. */
  void armed(long deadline) {
    if (!active) active = true;
    if (sleepingForever || deadline - wakeAt < 0) LockSupport.unpark(thread);
  }

  private void run() {
    while (true) {
      long now = System.nanoTime();
      boolean recent = active;
      active = false;
      boolean armed = false;
      long next = now + HORIZON;
      for (WeakReference<SocketConnection> ref : watched) {
        SocketConnection c = ref.get();
        if (c == null) {
          watched.remove(ref);
          continue;
        }
        long d = c.deadline();
        if (!SocketConnection.isArmed(d)) {
          if (!c.isOpen()) watched.remove(ref);
          continue;
        }
        if (d - now <= 0) {
          c.expire(d);
        } else {
          armed = true;
          if (d - next < 0) next = d;
        }
      }
      boolean forever = !armed && !recent;
      // Publish the wake-up time, then look again: a read armed meanwhile either saw it (and
      // unparks this thread if it is too late) or is seen here (Dekker's order on volatiles).
      wakeAt = next;
      sleepingForever = forever;
      if (missedArm(forever, next)) continue;
      if (forever) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, next - now);
      }
    }
  }

  private boolean missedArm(boolean forever, long next) {
    for (WeakReference<SocketConnection> ref : watched) {
      SocketConnection c = ref.get();
      if (c == null) continue;
      long d = c.deadline();
      if (SocketConnection.isArmed(d) && (forever || d - next < 0)) return true;
    }
    return false;
  }
}
