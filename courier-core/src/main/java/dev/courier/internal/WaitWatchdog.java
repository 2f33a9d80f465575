package dev.courier.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends waits that outlive their deadline, so that a thread can wait without a timer of its own:
 * the HTTP/2 client's wait for a response head, the HTTP/2 bodies' waits for DATA ({@link
 * BodyQueue}) and the HTTP/2 server's socket reads.
 *
 * <p>Why: a timed wait on a virtual thread ({@code Condition.awaitNanos}, {@code
 * CompletableFuture.get} with a timeout) schedules a task on the JDK's delay scheduler and
 * cancels it when the thread wakes. In the HTTP/2 client benchmark (64 virtual-thread callers on
 * one connection, about 24,000 requests a second) the scheduler's thread switched in and out about
 * 19,000 times a second for that, a futex call and a context switch each. Waiting without a
 * timeout and letting this one thread end the late waits costs a volatile write and a set entry
 * per wait that really blocks.
 *
 * <p>Theory of operation: a waiter arms its {@link Deadline} (stores the time, adds it to the
 * watched set) before it blocks and disarms it after. One daemon thread sleeps until the earliest
 * deadline it knows of; when it wakes, it expires each armed deadline that has passed (a
 * compare-and-set, so a wait that ended at the same moment is not expired too) by running its
 * action, which must be quick: wake the waiter, or {@linkplain Deadline#extend extend} the wait.
 * Waits with one timeout have deadlines that only move forward, so arming seldom wakes the thread:
 * only a deadline earlier than its wake-up time does. While waits are armed it looks at least
 * every {@link #HORIZON}; with none it sleeps until the next arming wakes it.
 *
 * <pre>{@code
 * WaitWatchdog.Deadline d = WaitWatchdog.deadline(() -> future.completeExceptionally(new TimeoutException()));
 * d.arm(timeoutNanos);
 * try { return future.get(); } finally { d.disarm(); }
 * }</pre>
 */
public final class WaitWatchdog {
  /** The longest the thread sleeps while waits are armed. */
  static final long HORIZON = TimeUnit.SECONDS.toNanos(1);
  private static final long DISARMED = Long.MIN_VALUE;
  private static final long EXPIRED = Long.MIN_VALUE + 1;
  /** About a century: longer timeouts mean "no limit" and are not watched. */
  private static final long UNWATCHED_NANOS = TimeUnit.DAYS.toNanos(36_500);
  private static final WaitWatchdog INSTANCE = new WaitWatchdog();

  private final Set<Deadline> armed = ConcurrentHashMap.newKeySet();
  /**
   * A wait was armed since the thread began its look: it then looks again before sleeping. Set
   * only when clear, so arming writes no shared line while the thread sleeps with it set.
   */
  private volatile boolean armedSinceLook;
  private final Thread thread;
  /** When the thread will next look (meaningless while {@link #sleepingForever}). */
  private volatile long wakeAt;
  private volatile boolean sleepingForever = true;

  private WaitWatchdog() {
    thread = Thread.ofPlatform().daemon().name("courier-wait-watchdog").unstarted(this::run);
    thread.start();
  }

  /** A deadline, disarmed, that runs {@code onExpiry} on the watchdog's thread when it passes while armed. */
  public static Deadline deadline(Runnable onExpiry) {
    return new Deadline(onExpiry);
  }

  /**
   * The deadline of one waiter, armed for each wait that may block and disarmed after it. Not for
   * two waits at once: the owner's waits follow one another.
   */
  public static final class Deadline {
    private static final VarHandle AT;

    static {
      try {
        AT = MethodHandles.lookup().findVarHandle(Deadline.class, "at", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Runnable onExpiry;
    private volatile long at = DISARMED;

    private Deadline(Runnable onExpiry) {
      this.onExpiry = onExpiry;
    }

    /**
     * Starts watching a wait that may last at most {@code timeoutNanos} from now; a timeout of a
     * century or more (a caller's "no limit") is not watched.
     */
    public void arm(long timeoutNanos) {
      if (timeoutNanos >= UNWATCHED_NANOS) return;
      long d = deadlineIn(timeoutNanos);
      at = d;
      INSTANCE.armed(this, d);
    }

    /**
     * From the expiry action: the same wait goes on for at most {@code timeoutNanos} more, watched
     * again, unless its owner disarmed it meanwhile (then nothing happens).
     */
    public void extend(long timeoutNanos) {
      long d = deadlineIn(timeoutNanos);
      if (AT.compareAndSet(this, EXPIRED, d)) INSTANCE.armed(this, d);
    }

    /**
     * Stops watching; false when the deadline passed first and was not extended (the action ran or
     * is running). Every arming must be followed by one, whatever happened to the wait.
     */
    public boolean disarm() {
      long was = (long) AT.getAndSet(this, DISARMED);
      if (was != DISARMED) INSTANCE.armed.remove(this);
      return was != EXPIRED;
    }

    /** Whether the deadline passed while armed, so the action ran (or is running); false again once disarmed. */
    public boolean expired() {
      return at == EXPIRED;
    }

    private static long deadlineIn(long timeoutNanos) {
      long d = System.nanoTime() + Math.max(0, Math.min(timeoutNanos, UNWATCHED_NANOS));
      return d == DISARMED || d == EXPIRED ? d + 2 : d; // never mistaken for a state
    }

    /** False while armed and not yet due; true when expired now (the action ran), before, or disarmed. */
    private boolean expireIfDue(long now) {
      long d = at;
      if (d == DISARMED || d == EXPIRED) return true;
      if (d - now > 0) return false;
      if (AT.compareAndSet(this, d, EXPIRED)) onExpiry.run();
      return true;
    }
  }

  /** Called after a wait stored {@code deadline}: wakes the thread only when it would look too late. */
  private void armed(Deadline deadline, long at) {
    armed.add(deadline);
    if (!armedSinceLook) armedSinceLook = true;
    if (sleepingForever || at - wakeAt < 0) LockSupport.unpark(thread);
  }

  private void run() {
    while (true) {
      armedSinceLook = false;
      long now = System.nanoTime();
      long next = now + HORIZON;
      boolean any = false;
      for (Deadline d : armed) {
        if (d.at == DISARMED) {
          // Left by a disarm that raced with an extension. Removed here, and put back when its
          // owner armed it again meanwhile (the arming wrote the time before adding it).
          armed.remove(d);
          long again = d.at;
          if (again != DISARMED && again != EXPIRED) armed.add(d);
          continue;
        }
        try {
          if (d.expireIfDue(now)) continue;
        } catch (RuntimeException | Error e) {
          continue; // an action that failed must not stop the watch of every other wait
        }
        any = true;
        long at = d.at;
        if (at - next < 0) next = at;
      }
      // Publish the wake-up time, then look again if waits were armed meanwhile: one armed since
      // either read the new values (and unparks this thread if it is too late) or added itself
      // before they were published: then it was in this look's set, or the flag, cleared only as a
      // look begins, is seen set here (sequentially consistent volatile accesses, Dekker's order).
      wakeAt = next;
      sleepingForever = !any;
      if (armedSinceLook && missedArm(any, next)) continue;
      if (any) {
        LockSupport.parkNanos(this, next - now);
      } else {
        LockSupport.park(this);
      }
    }
  }

  /** Whether a wait armed during the look needs an earlier one than planned. */
  private boolean missedArm(boolean any, long next) {
    for (Deadline d : armed) {
      long at = d.at;
      if (at != DISARMED && at != EXPIRED && (!any || at - next < 0)) return true;
    }
    return false;
  }
}
