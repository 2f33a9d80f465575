package dev.courier.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Large uploads through each client, one caller at a time, into one local nginx that writes each
 * {@code PUT} to a file on a memory file system: Courier's {@code Session} beside OkHttp, Apache
 * HttpClient 5, the JDK's client and Jetty's, in interleaved rounds in this JVM. Records mebibytes
 * of body per second, this process's CPU and heap allocation per MiB, and the time per upload,
 * then writes {@code report.md} and charts through {@link BenchReport}. What nginx stored from
 * each client's first upload is checked (length and CRC-32) before the client is measured.
 *
 * <pre>
 * courier-bench/run-client-bench.sh upload                              # plain HTTP/1.1, every client
 * courier-bench/run-client-bench.sh upload --protocol https             # HTTP/1.1 over TLS 1.3
 * courier-bench/run-client-bench.sh upload --protocol h2 --tests file --clients courier,okhttp
 * </pre>
 *
 * <p>Tests: {@code file} (a 64 MiB file streamed from a memory file system, as {@code
 * Body.file} and its peers send one) and {@code bytes-8m} (an 8 MiB array in memory). Over TLS a
 * client's record sizes matter: every record costs a cipher set-up, a socket write and the
 * server's decryption, so a client that writes 8 KiB at a time pays twice what full 16 KiB
 * records would.
 */
public final class ClientUpload {
  private ClientUpload() {}

  /** One test: a file on disk or an array in memory, and its length and CRC-32. */
  record Test(String label, Path file, byte[] bytes, long length, long crc) {
    int upload(UploadClient client, String url) throws Exception {
      return file != null ? client.putFile(url, file) : client.putBytes(url, bytes);
    }
  }

  public static void main(String[] args) throws Exception {
    int duration = 5;
    int warmup = 3;
    int rounds = 3;
    List<String> clients = null;
    List<String> tests = List.of("file", "bytes-8m");
    Path out = null;
    String protocol = "http1";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--duration" -> duration = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--clients" -> clients = List.of(args[++i].split(","));
        case "--tests" -> tests = List.of(args[++i].split(","));
        case "--out" -> out = Path.of(args[++i]);
        case "--protocol" -> protocol = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (--duration S, --warmup S, --rounds N, --clients a,b, --tests file,bytes-8m, --protocol http1|https|h2, --out DIR)");
      }
    }
    boolean h2 = protocol.equals("h2");
    if (clients == null) {
      clients = h2 ? List.of("courier", "okhttp", "jdk", "jetty") : List.of("courier", "okhttp", "apache", "jdk", "jetty");
    }
    if (out == null) out = Path.of("courier-bench", "target", "upload-report", protocol);
    String where = switch (protocol) {
      case "http1" -> "http/1.1";
      case "https" -> "http/1.1, TLS";
      case "h2" -> "h2, TLS";
      default -> throw new IllegalArgumentException("--protocol http1, https or h2, not " + protocol);
    };
    // Both the source files and what nginx writes live in memory, so no disk takes part.
    Path shm = Path.of("/dev/shm");
    Path work = Files.isDirectory(shm) && Files.isWritable(shm)
        ? Files.createTempDirectory(shm, "courier-bench-uploads") : Files.createTempDirectory("courier-bench-uploads");
    List<BenchRow> rows = new ArrayList<>();
    try {
      List<Test> chosen = new ArrayList<>();
      for (String t : tests) chosen.add(prepare(t, work.resolve("source"), where));
      Path uploads = work.resolve("nginx");
      try (LocalNginx nginx = LocalNginx.startUploads(uploads, protocol)) {
        String base = (protocol.equals("http1") ? "http" : "https") + "://127.0.0.1:" + nginx.port() + "/put/";
        for (Test test : chosen) {
          String over = protocol;
          TransferRuns.measureEach(clients, name -> UploadClient.create(name, over, nginx.certificate()),
              (name, client) -> check(name, client, base + name + ".bin", uploads.resolve("put").resolve(name + ".bin"), test),
              test.label(), warmup, rounds, duration, (name, client) -> upload(client, base + name + ".bin", test), rows);
        }
      }
    } finally {
      TempDirectories.delete(work);
    }
    Files.createDirectories(out);
    BenchReport.write(out, rows, String.format(Locale.ROOT, """
        Run on %s: `courier-bench/run-client-bench.sh upload %s`. Every client in one JVM (`-Xms1g -Xmx1g`, %s),
        one caller, `PUT` into one local nginx (one worker, its WebDAV module writing each body to a file on a
        memory file system) over %s on loopback; %d s per measured run after a %d s warm-up, %d rounds
        interleaved across clients. Figures are per MiB of body: CPU is this JVM's (all its threads, JIT and GC
        included), heap is what its threads allocated; the time columns are whole uploads. Files are sent as
        each client documents a file body, arrays as its byte-array body. %d cores shared by nginx and the
        clients; Java %s.""",
        LocalDate.now(), String.join(" ", args), ClientLoad.gcName(), where, duration, warmup, rounds,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")), "Upload benchmark");
    System.out.println(Files.readString(out.resolve("report.md")));
  }

  /** Writes the test's source into {@code dir} (a file) or keeps it in memory (an array). */
  static Test prepare(String name, Path dir, String where) throws IOException {
    Files.createDirectories(dir);
    return switch (name) {
      case "file" -> {
        byte[] bytes = random(64 << 20);
        Path file = dir.resolve("upload-64m.bin");
        Files.write(file, bytes);
        yield new Test("PUT 64 MiB file (" + where + ")", file, null, bytes.length, crc(bytes));
      }
      case "bytes-8m" -> {
        byte[] bytes = random(8 << 20);
        yield new Test("PUT 8 MiB bytes (" + where + ")", null, bytes, bytes.length, crc(bytes));
      }
      default -> throw new IllegalArgumentException("unknown test " + name + " (file, bytes-8m)");
    };
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  /** Fails unless one upload through the client leaves exactly the test's bytes in {@code stored}. */
  static void check(String name, UploadClient client, String url, Path stored, Test test) throws Exception {
    Files.deleteIfExists(stored);
    int status = test.upload(client, url);
    if (status != 201 && status != 204) throw new IllegalStateException(name + " got " + status + " for its upload");
    byte[] got = Files.readAllBytes(stored);
    if (got.length != test.length() || crc(got) != test.crc()) {
      throw new IllegalStateException(name + " stored " + got.length + " bytes (CRC " + Long.toHexString(crc(got))
          + "), expected " + test.length() + " (CRC " + Long.toHexString(test.crc()) + ")");
    }
  }

  /** One upload of the test's body; counts its bytes. */
  private static TransferRuns.Transfer upload(UploadClient client, String url, Test test) {
    return () -> {
      int status = test.upload(client, url);
      if (status != 201 && status != 204) throw new IllegalStateException("upload answered " + status);
      return test.length();
    };
  }
}
