package dev.courier.testsupport;

import java.lang.reflect.Method;

/**
 * Bytes allocated on the heap by the current thread so far, from the JDK's {@code
 * com.sun.management.ThreadMXBean}: tests assert that a call allocates little (an allocation
 * count, not a timing).
 *
 * <pre>{@code
 * long before = Allocations.currentThread();
 * call();
 * assertThat(Allocations.currentThread() - before).isLessThan(8L << 20);
 * }</pre>
 *
 * <p>Reached by reflection: the test sources compile inside the {@code dev.courier} module, which
 * does not read {@code java.management}; the tests themselves run on the class path.
 */
public final class Allocations {
  private static final Object BEAN;
  private static final Method ALLOCATED;

  static {
    try {
      BEAN = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      ALLOCATED = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Allocations() {}

  /** Heap bytes the current thread has allocated since it started. */
  public static long currentThread() {
    try {
      long bytes = (long) ALLOCATED.invoke(BEAN);
      if (bytes < 0) {
        throw new IllegalStateException("thread allocation accounting is off in this JVM");
      }
      return bytes;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
