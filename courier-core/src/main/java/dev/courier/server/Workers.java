package dev.courier.server;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The virtual threads that run exchanges dispatched by a {@link ReadyLoop}: a task goes to an
 * idle worker when there is one, else to a new worker, so a handler that blocks never holds up
 * another request. A worker that finished waits parked at the top of its loop, where its stack is
 * a few frames: resuming it copies almost nothing, and unlike a new thread per exchange it
 * allocates nothing (a virtual thread and its continuation are about 250 bytes each time).
 *
 * <pre>{@code
 * Workers workers = new Workers(Thread.ofVirtual().factory(), 1024);
 * workers.execute(() -> serve(connection));
 * }</pre>
 */
final class Workers implements Executor {
  private final ThreadFactory factory;
  private final int maxIdle;
  private final ReentrantLock lock = new ReentrantLock();
  /** Parked workers, most recent last: the one resumed next has the warmest caches. */
  private final ArrayDeque<Worker> idle = new ArrayDeque<>();
  private volatile boolean stopped;

  /** Workers made by {@code factory}; at most {@code maxIdle} wait for work, more end. */
  Workers(ThreadFactory factory, int maxIdle) {
    this.factory = factory;
    this.maxIdle = maxIdle;
  }

  private final class Worker implements Runnable {
    volatile Runnable task;
    Thread thread;

    Worker(Runnable first) {
      this.task = first;
    }

    @Override
    public void run() {
      while (true) {
        Runnable t = task;
        task = null;
        try {
          t.run();
        } catch (RuntimeException | Error e) {
          HttpServer.log().log(System.Logger.Level.ERROR, "a connection's task failed", e);
        }
        if (!awaitTask()) return;
      }
    }

    /** Waits parked for the next task; false when this worker should end instead. */
    private boolean awaitTask() {
      lock.lock();
      try {
        if (stopped || idle.size() >= maxIdle) return false;
        idle.addLast(this);
      } finally {
        lock.unlock();
      }
      while (task == null) {
        if (stopped) {
          lock.lock();
          try {
            if (idle.remove(this)) return false; // nobody handed it a task: end
          } finally {
            lock.unlock();
          }
        }
        LockSupport.park(Workers.this);
      }
      return true;
    }
  }

  @Override
  public void execute(Runnable task) {
    Worker worker;
    lock.lock();
    try {
      worker = idle.pollLast();
    } finally {
      lock.unlock();
    }
    if (worker != null) {
      worker.task = task;
      LockSupport.unpark(worker.thread);
      return;
    }
    Worker fresh = new Worker(task);
    fresh.thread = factory.newThread(fresh);
    fresh.thread.start();
  }

  /** Ends the idle workers; busy ones end after their task. */
  void stop() {
    stopped = true;
    lock.lock();
    try {
      for (Worker w : idle) LockSupport.unpark(w.thread);
    } finally {
      lock.unlock();
    }
  }
}
