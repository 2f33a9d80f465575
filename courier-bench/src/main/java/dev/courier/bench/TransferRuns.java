package dev.courier.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times one client's large transfers (downloads or uploads), one after the other for a while, and
 * turns them into a {@link BenchRow} per mebibyte: MiB per second, this process's CPU and heap
 * allocation per MiB, and the time per transfer.
 */
final class TransferRuns {
  private TransferRuns() {}

  /** One transfer; returns the body bytes it moved. */
  @FunctionalInterface
  interface Transfer {
    long run() throws Exception;
  }

  /** What one run did: each transfer's time, and the body bytes moved in all. */
  record Run(long[] nanos, long bytes) {}

  /** Transfers for {@code seconds}, at least once. */
  static Run drive(Transfer transfer, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long[] nanos = new long[64];
    int count = 0;
    long bytes = 0;
    do {
      long started = System.nanoTime();
      bytes += transfer.run();
      if (count == nanos.length) nanos = Arrays.copyOf(nanos, count * 2);
      nanos[count++] = System.nanoTime() - started;
    } while (System.nanoTime() < deadline);
    return new Run(Arrays.copyOf(nanos, count), bytes);
  }

  /** The transfer a client makes in a test. */
  @FunctionalInterface
  interface TransferOf<C> {
    Transfer of(String name, C client);
  }

  /** Makes the client of a name. */
  @FunctionalInterface
  interface Maker<C> {
    C make(String name) throws Exception;
  }

  /** Fails unless a client's transfer is right, before it is timed. */
  @FunctionalInterface
  interface Checker<C> {
    void check(String name, C client) throws Exception;
  }

  /**
   * Makes each named client, checks each, measures them as {@link #interleave} does, and closes
   * every client made, whatever failed.
   */
  static <C extends AutoCloseable> void measureEach(List<String> names, Maker<C> make, Checker<C> check,
      String test, int warmup, int rounds, int seconds, TransferOf<C> transfers, List<BenchRow> rows) throws Exception {
    Map<String, C> running = new LinkedHashMap<>();
    try {
      for (String name : names) {
        C client = make.make(name);
        running.put(name, client);
        check.check(name, client);
      }
      interleave(running, test, warmup, rounds, seconds, transfers, rows);
    } finally {
      for (C client : running.values()) client.close();
    }
  }

  /**
   * Warms each client up for {@code warmup} seconds, then measures them in {@code rounds}
   * interleaved rounds of {@code seconds}, adding a row per client and round to {@code rows} and
   * printing each on standard error.
   */
  private static <C> void interleave(Map<String, C> clients, String test, int warmup, int rounds, int seconds,
      TransferOf<C> transfers, List<BenchRow> rows) throws Exception {
    for (Map.Entry<String, C> e : clients.entrySet()) drive(transfers.of(e.getKey(), e.getValue()), warmup);
    for (int round = 1; round <= rounds; round++) {
      for (Map.Entry<String, C> e : clients.entrySet()) {
        BenchRow row = measure(e.getKey(), test, round, seconds, transfers.of(e.getKey(), e.getValue()));
        rows.add(row);
        System.err.printf(Locale.ROOT, "%-8s %-28s round %d: %7.0f MiB/s  cpu %7.0f us/MiB  alloc %9.0f B/MiB"
            + "  p50 %7.2f ms%n", e.getKey(), test, round, row.requestsPerSecond(),
            row.cpuMicrosPerRequest(), row.allocBytesPerRequest(), row.p50Millis());
      }
    }
  }

  /** A measured run of {@code seconds}: the row of {@code client} in {@code test}'s round {@code round}. */
  static BenchRow measure(String client, String test, int round, int seconds, Transfer transfer) throws Exception {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.gc(); // each client starts its run on an empty young generation
    long cpuBefore = os.getProcessCpuTime();
    long allocBefore = threads.getTotalThreadAllocatedBytes();
    long started = System.nanoTime();
    Run run = drive(transfer, seconds);
    double elapsed = (System.nanoTime() - started) / 1e9;
    long allocAfter = threads.getTotalThreadAllocatedBytes();
    double cpuMicros = (os.getProcessCpuTime() - cpuBefore) / 1000.0;
    long[] times = run.nanos();
    Arrays.sort(times);
    double mebibytes = run.bytes() / (double) (1 << 20);
    return new BenchRow(ClientLoad.gcName(), client, test, 1, round, mebibytes / elapsed,
        ClientLoad.percentile(times, 0.50), ClientLoad.percentile(times, 0.90), ClientLoad.percentile(times, 0.99),
        cpuMicros / mebibytes, (allocAfter - allocBefore) / mebibytes, 0);
  }
}
