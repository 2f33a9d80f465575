package dev.courier.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream is a terminal. Linux tells each stream apart through
 * {@code /proc/self/fd}; elsewhere {@link System#console()} answers for stdin and stdout together
 * ({@code Console.isTerminal()} on Java 22+, where {@code console()} is no longer null when
 * redirected; called reflectively because we build for 21).
 */
final class Terminal {
  private Terminal() {}

  /** True when file descriptor {@code fd} (0 stdin, 1 stdout, 2 stderr) is a terminal. */
  static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    if (Files.isSymbolicLink(link)) {
      try {
        String target = Files.readSymbolicLink(link).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
      } catch (IOException | SecurityException e) {
        // fall through to the Console
      }
    }
    Console console = System.console();
    if (console == null) return false;
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 21: console() is non-null only when both stdin and stdout are terminals
    }
  }
}
