package dev.courier.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/**
 * Large bodies through each client, one caller at a time, from one local nginx serving files with
 * sendfile: Courier's {@code Session} beside OkHttp, Apache HttpClient 5, the JDK's client and
 * Jetty's, in interleaved rounds in this JVM. Records mebibytes of body per second, this process's
 * CPU and heap allocation per MiB, and the time per download, then writes {@code report.md} and
 * charts through {@link BenchReport}. Each client's body is checked (length and CRC-32) before it
 * is measured.
 *
 * <pre>
 * courier-bench/run-client-bench.sh download                          # every test and client, 3 rounds
 * courier-bench/run-client-bench.sh download --tests stream --clients courier,apache --rounds 1
 * courier-bench/run-client-bench.sh download --protocol https          # HTTP/1.1 over TLS 1.3
 * courier-bench/run-client-bench.sh download --protocol h2 --rtt 40      # HTTP/2 over TLS, 40 ms away
 * courier-bench/run-client-bench.sh download --protocol h2 --rtt 40 --fresh --tests bytes-8m
 * </pre>
 *
 * <p>Tests: {@code stream} (64 MiB of random bytes read as a stream with {@code transferTo}),
 * {@code bytes-8m} and {@code bytes-1m} (random bytes read whole into an array), {@code gzip}
 * (a JSON array of about 32 MiB, stored gzip-compressed beside it and sent as {@code
 * Content-Encoding: gzip}, decoded by each client while streamed).
 *
 * <p>{@code --protocol https} serves the same files over HTTP/1.1 and TLS 1.3 (each client reads
 * nginx's 16 KiB records). {@code --protocol h2} serves them over HTTP/2 and TLS (ALPN h2; Apache's classic
 * client has no HTTP/2 and is left out), where each client's receive windows decide how much the
 * server may send before it hears back. {@code --rtt MS} puts a {@link DelayRelay} in its own
 * process between the clients and nginx, so that the server is that round trip away, as a server
 * on the internet would be; without it, loopback's round trip is a few microseconds and no window
 * is ever the limit. {@code --fresh} makes a new client for each download and closes it after, as a
 * program that downloads once does: each download then opens its own connection (and TLS), and its
 * windows start where the client's first ones are.
 */
public final class ClientDownload {
  private ClientDownload() {}

  /** One test: which file, how it is read, and the decoded body's length and CRC-32. */
  record Test(String label, String file, boolean whole, long length, long crc) {
    /** The same test with how it travels ({@code "h2, 40 ms RTT"}) in its label. */
    Test at(String where) {
      return new Test(label + " (" + where + ")", file, whole, length, crc);
    }
  }

  public static void main(String[] args) throws Exception {
    int duration = 5;
    int warmup = 3;
    int rounds = 3;
    List<String> clients = null;
    List<String> tests = List.of("stream", "bytes-8m", "bytes-1m", "gzip");
    Path out = Path.of("courier-bench", "target", "download-report");
    String protocol = "http1";
    int rttMillis = 0;
    boolean fresh = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--duration" -> duration = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--clients" -> clients = List.of(args[++i].split(","));
        case "--tests" -> tests = List.of(args[++i].split(","));
        case "--out" -> out = Path.of(args[++i]);
        case "--protocol" -> protocol = args[++i];
        case "--rtt" -> rttMillis = Integer.parseInt(args[++i]);
        case "--fresh" -> fresh = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    boolean http2 = protocol.equals("h2");
    boolean tls = http2 || protocol.equals("https");
    if (!tls && !protocol.equals("http1")) throw new IllegalArgumentException("--protocol http1, https or h2, not " + protocol);
    if (clients == null) {
      clients = http2 ? List.of("courier", "okhttp", "jdk", "jetty") : List.of("courier", "okhttp", "apache", "jdk", "jetty");
    }
    String where = (http2 ? "h2" : tls ? "http/1.1, TLS" : "http/1.1") + (rttMillis > 0 ? ", " + rttMillis + " ms RTT" : "")
        + (fresh ? ", a new client each" : "");
    Path files = Files.createTempDirectory("courier-bench-downloads");
    List<BenchRow> rows = new ArrayList<>();
    try {
      List<Test> chosen = new ArrayList<>();
      for (String t : tests) {
        Test test = prepare(t, files);
        // The default run keeps its labels, so that its reports compare with earlier ones.
        chosen.add(tls || rttMillis > 0 || fresh ? test.at(where) : test);
      }
      try (LocalNginx nginx = LocalNginx.startDownloads(files, protocol);
          DelayRelay.Running relay = DelayRelay.Running.start(nginx.port(), rttMillis)) {
        String base = (tls ? "https" : "http") + "://127.0.0.1:" + relay.port() + "/download/";
        for (Test test : chosen) {
          String over = protocol;
          boolean freshEach = fresh;
          TransferRuns.measureEach(clients, name -> {
            java.util.concurrent.Callable<DownloadClient> make = () -> DownloadClient.create(name, over, nginx.certificate());
            return freshEach ? DownloadClient.fresh(make) : make.call();
          }, (name, client) -> check(name, client, base + test.file(), test),
              test.label(), warmup, rounds, duration, (name, client) -> download(client, base + test.file(), test), rows);
        }
      }
    } finally {
      TempDirectories.delete(files);
    }
    Files.createDirectories(out);
    BenchReport.write(out, rows, String.format(Locale.ROOT, """
        Run on %s: `courier-bench/run-client-bench.sh download %s`. Every client in one JVM (`-Xms1g -Xmx1g`, %s),
        one caller, against one local nginx (one worker, sendfile, `gzip_static` for the compressed test) on
        loopback, %s; %d s per measured run after a %d s warm-up, %d rounds interleaved across clients. Figures are
        per MiB of decoded body: CPU is this JVM's (all its threads, JIT and GC included), heap is what its
        threads allocated; the time columns are whole downloads. Streams are read with `transferTo` into a
        discarding stream; `bytes` tests read the body whole into one array the way each client documents.
        %d cores shared by nginx and the clients; Java %s.""",
        LocalDate.now(), String.join(" ", args), ClientLoad.gcName(), rttMillis > 0 ? "over " + where
            + " (a `DelayRelay` process in between holds each chunk for half the round trip each way)" : "over " + where,
        duration, warmup, rounds,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")), "Download benchmark");
    System.out.println(Files.readString(out.resolve("report.md")));
  }

  /** Writes the test's file (and its .gz) into {@code dir}. */
  static Test prepare(String name, Path dir) throws IOException {
    return switch (name) {
      case "stream" -> random(dir, "download 64 MiB stream", "random-64m.bin", 64 << 20, false);
      case "bytes-8m" -> random(dir, "download 8 MiB bytes", "random-8m.bin", 8 << 20, true);
      case "bytes-1m" -> random(dir, "download 1 MiB bytes", "random-1m.bin", 1 << 20, true);
      case "gzip" -> json(dir);
      default -> throw new IllegalArgumentException("unknown test " + name + " (stream, bytes-8m, bytes-1m, gzip)");
    };
  }

  private static Test random(Path dir, String label, String file, int size, boolean whole) throws IOException {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    Files.write(dir.resolve(file), bytes);
    return new Test(label, file, whole, size, crc(bytes));
  }

  /** A JSON array of records, as an API might send; stored beside its gzip (level 6) for gzip_static. */
  private static Test json(Path dir) throws IOException {
    StringBuilder json = new StringBuilder(34 << 20).append('[');
    Random random = new Random(32);
    for (int i = 0; json.length() < 32 << 20; i++) {
      if (i > 0) json.append(',');
      json.append("{\"id\":").append(i).append(",\"name\":\"user").append(i).append("\",\"email\":\"u").append(i)
          .append("@example.com\",\"active\":").append(random.nextBoolean()).append(",\"score\":")
          .append(random.nextInt(1_000_000)).append(",\"tags\":[\"a\",\"b\",\"c\"]}");
    }
    byte[] bytes = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("records.json"), bytes);
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("records.json.gz")), 64 * 1024)) {
      gz.write(bytes);
    }
    return new Test(String.format(Locale.ROOT, "download gzip %d MiB JSON stream", bytes.length >> 20),
        "records.json", false, bytes.length, crc(bytes));
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  /** Fails unless the client reads the test's body exactly. */
  static void check(String name, DownloadClient client, String url, Test test) throws Exception {
    CRC32 crc = new CRC32();
    long length;
    if (test.whole()) {
      byte[] body = client.bytes(url);
      crc.update(body);
      length = body.length;
    } else {
      long[] counted = {0};
      client.stream(url, new OutputStream() {
        @Override public void write(int b) {
          crc.update(b);
          counted[0]++;
        }

        @Override public void write(byte[] b, int off, int len) {
          crc.update(b, off, len);
          counted[0] += len;
        }
      });
      length = counted[0];
    }
    if (length != test.length() || crc.getValue() != test.crc()) {
      throw new IllegalStateException(name + " read " + length + " bytes of " + test.file() + " (CRC "
          + Long.toHexString(crc.getValue()) + "), expected " + test.length() + " (CRC " + Long.toHexString(test.crc()) + ")");
    }
  }

  /** One download of the test's body: whole, or streamed into a discarding stream. */
  private static TransferRuns.Transfer download(DownloadClient client, String url, Test test) {
    OutputStream discard = OutputStream.nullOutputStream();
    return () -> test.whole() ? client.bytes(url).length : client.stream(url, discard);
  }
}
