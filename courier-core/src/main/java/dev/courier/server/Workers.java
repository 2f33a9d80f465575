package dev.courier.server;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The virtual threads that run exchanges dispatched by a {@link ReadyLoop}. Tasks go to one
 * shared queue; a worker that finishes a task takes the next one from it before it would park, so
 * while exchanges keep coming, busy workers serve them one after another and nobody is woken.
 * Waking a parked virtual thread is the expensive step of a hand-off (a scheduler submission, often
 * a carrier woken with a futex, and the thread's stack copied back), so it is done only when no
 * worker is looking for work.
 *
 * <p>Theory of operation. {@code searching} counts the workers that are between tasks (about to
 * poll the queue) plus those woken to do so. A handler never runs while its worker counts as
 * searching, so a searching worker always reaches the queue without waiting on user code. The
 * invariant: whenever the queue holds a task, some worker is searching or about to be woken. It
 * holds because (1) {@link #execute} wakes a worker when it sees nobody searching; (2) a worker that
 * takes a task and leaves the count at zero wakes another if the queue still holds tasks, before
 * running its own; (3) a worker that found the queue empty leaves the count and looks again
 * (each side writes, then reads the other's write, so one of them sees it), taking the search
 * back if a task slipped in. A handler that blocks therefore holds up only its own connection.
 * At most one wake is in flight while nobody searches (the count goes 0 to 1 by compare-and-set),
 * so a burst of ready connections costs one wake and the woken worker passes the search on.
 *
 * <p>Parked workers wait in a slot array claimed by compare-and-set (no lock, and no ABA: a slot
 * holds the worker itself, and only the claim that empties it may wake it).
 *
 * <pre>{@code
 * Workers workers = new Workers(Thread.ofVirtual().factory(), 1024);
 * workers.execute(() -> serve(connection));
 * }</pre>
 */
final class Workers implements Executor {
  private final ThreadFactory factory;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger searching = new AtomicInteger();
  /** Parked workers; null slots are free. Most recently parked workers sit in the lowest free slots. */
  private final AtomicReferenceArray<Worker> idle;
  /** How many slots are (about to be) filled: lets a wake skip scanning an empty array. */
  private final AtomicInteger idleCount = new AtomicInteger();
  private volatile boolean stopped;

  /** Workers made by {@code factory}; at most {@code maxIdle} wait for work, more end. */
  Workers(ThreadFactory factory, int maxIdle) {
    this.factory = factory;
    this.idle = new AtomicReferenceArray<>(Math.max(1, maxIdle));
  }

  @Override
  public void execute(Runnable task) {
    tasks.offer(task);
    if (searching.get() != 0) return;
    try {
      wakeOne();
    } catch (RuntimeException | Error e) {
      if (tasks.remove(task)) throw e; // not taken: the caller learns it was not run
    }
  }

  /** Ends the idle workers; busy ones end after the queue is empty. */
  void stop() {
    stopped = true;
    for (int i = 0; i < idle.length(); i++) {
      Worker w = idle.get(i);
      if (w != null && idle.compareAndSet(i, w, null)) {
        idleCount.decrementAndGet();
        searching.incrementAndGet(); // it looks at the queue once more before it ends
        w.wake();
      }
    }
  }

  /** Makes one worker search, unless one already does: a parked one if any, else a new one. */
  private void wakeOne() {
    if (!searching.compareAndSet(0, 1)) return;
    Worker w = claimIdle();
    if (w != null) {
      w.wake();
      return;
    }
    try {
      Worker fresh = new Worker();
      fresh.thread = factory.newThread(fresh);
      fresh.thread.start();
    } catch (RuntimeException | Error e) {
      searching.decrementAndGet();
      throw e;
    }
  }

  private Worker claimIdle() {
    if (idleCount.get() <= 0) return null;
    for (int i = 0; i < idle.length(); i++) {
      Worker w = idle.get(i);
      if (w != null && idle.compareAndSet(i, w, null)) {
        idleCount.decrementAndGet();
        return w;
      }
    }
    return null;
  }

  /** A free slot now holding {@code w}, or -1 when every slot is taken. */
  private int park(Worker w) {
    idleCount.incrementAndGet();
    for (int i = 0; i < idle.length(); i++) {
      if (idle.get(i) == null && idle.compareAndSet(i, null, w)) return i;
    }
    idleCount.decrementAndGet();
    return -1;
  }

  /** Takes {@code w} back out of its slot; false when a waker claimed it first (and will wake it). */
  private boolean unpark(int slot, Worker w) {
    if (!idle.compareAndSet(slot, w, null)) return false;
    idleCount.decrementAndGet();
    return true;
  }

  private final class Worker implements Runnable {
    Thread thread;
    /** Set by the claim that took this worker out of its slot, before unparking it. */
    private volatile boolean woken;

    void wake() {
      woken = true;
      LockSupport.unpark(thread);
    }

    /** Starts counted as searching (by whoever created or woke it). */
    @Override
    public void run() {
      while (true) {
        Runnable task = tasks.poll();
        if (task == null) {
          if (!awaitWork()) return;
          continue;
        }
        // Hand the search on before user code runs: this task may block for long.
        try {
          if (searching.decrementAndGet() == 0 && !tasks.isEmpty()) wakeOne();
        } catch (RuntimeException | Error e) {
          HttpServer.log().log(System.Logger.Level.ERROR, "could not start a worker", e);
        }
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          HttpServer.log().log(System.Logger.Level.ERROR, "a connection's task failed", e);
        }
        // An interrupt the task left set would reach the next task, and make park() return at
        // once while this worker waits for one. Looked at first: clearing costs more than looking.
        if (Thread.currentThread().isInterrupted()) Thread.interrupted();
        searching.incrementAndGet();
      }
    }

    /**
     * Called while searching with the queue found empty: parks until woken (then searching again).
     * False when this worker ends instead (stopped, or every idle slot taken).
     */
    private boolean awaitWork() {
      woken = false;
      int slot = stopped ? -1 : park(this);
      if (searching.decrementAndGet() == 0 && !tasks.isEmpty()) {
        // A task came after our poll and its submitter saw us searching: it is ours to take.
        if (slot < 0 || unpark(slot, this)) {
          searching.incrementAndGet();
          return true;
        }
        // a waker claimed our slot meanwhile and counted us as searching again
      } else if (slot < 0) {
        return false;
      }
      while (!woken) {
        if (stopped && unpark(slot, this)) return false; // stopped, and nobody counts on us
        LockSupport.park(Workers.this);
      }
      return true;
    }
  }
}
