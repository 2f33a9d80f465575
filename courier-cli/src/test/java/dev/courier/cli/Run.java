package dev.courier.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code courier} in-process with its own stdin, stdout, stderr and terminal flags, and keeps what it wrote. */
final class Run {
  private byte[] stdin = new byte[0];
  private boolean stdinTerminal = true;
  private boolean stdoutTerminal;
  private boolean stderrTerminal;
  private final Map<String, String> env = new HashMap<>();
  private Path cwd = Path.of("").toAbsolutePath();

  int status;
  String out;
  byte[] outBytes;
  String err;

  /** A loopback port nothing listens on (it was free a moment ago): a connect to it is refused. */
  static int closedPort() throws java.io.IOException {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static Run piped() {
    return new Run();
  }

  static Run onTerminal() {
    Run run = new Run();
    run.stdoutTerminal = true;
    run.stderrTerminal = true;
    return run;
  }

  Run stdin(String body) {
    stdin = body.getBytes(StandardCharsets.UTF_8);
    stdinTerminal = false;
    return this;
  }

  Run env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Run cwd(Path dir) {
    cwd = dir;
    return this;
  }

  Run run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    Io io = new Io(new ByteArrayInputStream(stdin), stdinTerminal, new PrintStream(o, true, StandardCharsets.UTF_8),
        stdoutTerminal, new PrintStream(e, true, StandardCharsets.UTF_8), stderrTerminal, env, cwd);
    status = Main.run(io, args);
    outBytes = o.toByteArray();
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return this;
  }
}
