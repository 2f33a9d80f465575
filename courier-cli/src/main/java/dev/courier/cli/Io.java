package dev.courier.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a run of the command talks to: standard streams, whether each is a terminal, the
 * environment and the working directory. {@link #system()} is the real process; tests build
 * their own, so a run in-process never touches the JVM's streams.
 *
 * <pre>{@code
 * Io io = new Io(InputStream.nullInputStream(), false, out, false, err, false, Map.of(), Path.of("."));
 * }</pre>
 */
record Io(InputStream in, boolean stdinTerminal, PrintStream out, boolean stdoutTerminal, PrintStream err,
    boolean stderrTerminal, Map<String, String> env, Path cwd) {

  /** The process's own streams, environment and directory. */
  static Io system() {
    return new Io(System.in, Terminal.isTerminal(0), System.out, Terminal.isTerminal(1), System.err,
        Terminal.isTerminal(2), System.getenv(), Path.of("").toAbsolutePath());
  }

  /** These streams with stdout going to {@code file} (not a terminal). */
  Io withOut(PrintStream file) {
    return new Io(in, stdinTerminal, file, false, err, stderrTerminal, env, cwd);
  }

  /** An environment variable, when set and not empty. */
  Optional<String> env(String name) {
    String value = env.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
