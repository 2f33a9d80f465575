package dev.courier.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One benchmarked server in its own process: a JVM server (with an {@link AllocationProbe} on
 * its standard input) or nginx. Knows its CPU time and, for JVMs, its allocated bytes.
 */
final class ServerProcess implements AutoCloseable {
  /** USER_HZ of /proc/PID/stat: 100 on Linux. */
  private static final double CLOCK_TICKS = 100;

  private final String name;
  private final Process process;
  private final BlockingQueue<String> probeAnswers = new LinkedBlockingQueue<>();
  private final PrintWriter probe;

  private ServerProcess(String name, Process process, Path log) throws IOException {
    this.name = name;
    this.process = process;
    this.probe = new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII);
    OutputStream logFile = Files.newOutputStream(log);
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          logFile) {
        for (String line; (line = out.readLine()) != null; ) {
          // The probe's answers ("alloc N", "heap N M"), one per question, in order.
          if (line.startsWith("alloc ") || line.startsWith("heap ")) probeAnswers.add(line.substring(line.indexOf(' ') + 1));
          else logFile.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // process ended
      }
    });
  }

  /** The variant flag that names another build's benchmarks jar to run the server from. */
  static final String OTHER_BUILD = "-Dcourier.bench.jar=";

  /**
   * Starts {@code name} on 127.0.0.1:{@code port} speaking {@code protocol} ({@code http1}, or
   * {@code h2c} for HTTP/2 with prior knowledge), with HTTPS on {@code tls}'s port too unless it is
   * null, and waits until it accepts connections on each.
   */
  static ServerProcess start(String name, String protocol, int port, BenchTls tls, Path staticDir, Path work,
      List<String> jvmFlags) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (name.equals("nginx")) {
      Path conf = work.resolve("nginx-" + port + ".conf");
      Files.writeString(conf, NginxConf.forBenchmark(port, staticDir, work, protocol.equals("h2c"), tls));
      command.addAll(List.of(NginxConf.binary(), "-p", work.toString(), "-c", conf.toString()));
    } else {
      // "courier:-Dflag=x:-Dother=y" is a variant of a server with extra JVM flags, compared as its own entry;
      // the flag -Dcourier.bench.jar=PATH runs it from another build's benchmarks.jar (a before-and-after run).
      String[] variant = name.split(":");
      String classPath = System.getProperty("java.class.path");
      for (String flag : variant) {
        if (flag.startsWith(OTHER_BUILD)) classPath = flag.substring(OTHER_BUILD.length());
      }
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(jvmFlags);
      command.addAll(List.of(variant).subList(1, variant.length));
      command.addAll(List.of("-cp", classPath, ServerBenchmark.class.getName(),
          "serve", variant[0], Integer.toString(port), staticDir.toString(), protocol));
      if (tls != null) command.addAll(tls.arguments());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ServerProcess server = new ServerProcess(name, process, work.resolve(name.split(":")[0] + "-" + port + ".log"));
    try {
      server.waitForPort(port);
      if (tls != null) server.waitForPort(tls.port());
    } catch (IOException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  String name() {
    return name;
  }

  /** utime + stime of the process and its descendants (nginx workers), in microseconds. */
  double cpuMicros() {
    long ticks = 0;
    for (ProcessHandle h : tree()) {
      try {
        String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
      } catch (IOException | RuntimeException e) {
        // process gone or not Linux
      }
    }
    return ticks * (1_000_000.0 / CLOCK_TICKS);
  }

  /** The process and its descendants (nginx's workers). */
  private List<ProcessHandle> tree() {
    return Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants()).toList();
  }

  /** Bytes allocated by the server's JVM so far; empty for nginx. */
  OptionalLong allocatedBytes() throws InterruptedException {
    if (name.equals("nginx")) return OptionalLong.empty();
    probe.println("alloc");
    String answer = probeAnswers.poll(5, TimeUnit.SECONDS);
    return answer == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(answer.trim()));
  }

  /**
   * The JVM's live heap after a full collection and its direct buffers' bytes, in that order;
   * empty for nginx. The collection runs in the server, which stops its threads meanwhile.
   */
  Optional<long[]> liveBytes() throws InterruptedException {
    if (name.equals("nginx")) return Optional.empty();
    probe.println("heap");
    String answer = probeAnswers.poll(60, TimeUnit.SECONDS);
    if (answer == null) return Optional.empty();
    String[] parts = answer.trim().split(" ");
    return Optional.of(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
  }

  /** Resident memory of the process and its descendants (nginx workers), in bytes, from /proc. */
  long residentBytes() {
    long kib = 0;
    for (ProcessHandle h : tree()) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + h.pid() + "/status"))) {
          if (line.startsWith("VmRSS:")) kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      } catch (IOException | RuntimeException e) {
        // process gone or not Linux
      }
    }
    return kib * 1024;
  }

  private void waitForPort(int port) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IOException(name + " exited with " + process.exitValue());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IOException(name + " did not listen on " + port);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
  }
}
