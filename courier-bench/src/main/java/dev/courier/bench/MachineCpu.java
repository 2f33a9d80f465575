package dev.courier.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * The CPU the whole machine has spent, from the first line of {@code /proc/stat}: every process,
 * the kernel and its soft interrupts. On loopback the kernel charges a transfer's work to whichever
 * side runs it (the sender's {@code sendfile} also delivers into the receiver's socket, the
 * receiver's read processes the sender's acknowledgements), so a server's own CPU can move with
 * how the load generator reads; the machine's, with nothing else running, cannot.
 *
 * <pre>{@code
 * OptionalDouble before = MachineCpu.busyMicros();
 * // ... run the load ...
 * double spent = MachineCpu.busyMicros().getAsDouble() - before.getAsDouble();
 * }</pre>
 */
final class MachineCpu {
  /** USER_HZ of /proc/stat: 100 on Linux. */
  private static final double CLOCK_TICKS = 100;

  private MachineCpu() {}

  /** Busy CPU time since boot, all cores together, in µs; empty where there is no /proc/stat. */
  static OptionalDouble busyMicros() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      return OptionalDouble.of(busyTicks(first) * (1_000_000.0 / CLOCK_TICKS));
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  /**
   * The busy ticks of a {@code cpu ...} line: user, nice, system, irq, softirq and steal (idle and
   * iowait are the rest; guest time is already inside user).
   */
  static long busyTicks(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    if (!f[0].equals("cpu")) throw new IllegalArgumentException("not the machine's cpu line: " + cpuLine);
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) busy += i < f.length ? Long.parseLong(f[i]) : 0;
    return busy;
  }
}
