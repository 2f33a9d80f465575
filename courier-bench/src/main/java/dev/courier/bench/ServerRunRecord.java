package dev.courier.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paragraph at the head of a {@link ServerBenchmark} report: the command, the load generator's
 * settings, the servers' flags and the machine, and for TLS runs how each server served HTTPS and
 * what it negotiated with the checking client.
 */
final class ServerRunRecord {
  private ServerRunRecord() {}

  /**
   * The run's record for the report: the command, the load and the servers' settings, and for the
   * {@code tls} test how HTTPS was served, with the protocol and cipher suite each server chose
   * for the checking client ({@code tlsSessions}, server to {@link BenchTls#verify}'s answer).
   */
  static String describe(ServerBenchmark.Options o, String arguments, Map<String, String> tlsSessions) {
    if (o.h2()) {
      boolean h2c = o.tests().contains("h2c");
      String over = (h2c ? "over h2c (HTTP/2 with prior knowledge, no TLS)" : "")
          + (h2c && o.tls() ? " and, in the `h2load tls` scenarios, " : "")
          + (o.tls() ? "over HTTPS (HTTP/2 over TLS 1.3, ALPN h2)" : "");
      String nginx = (h2c ? "`listen ... http2`" : "") + (h2c && o.tls() ? ", " : "") + (o.tls() ? "`listen ... ssl http2`" : "");
      return String.format(Locale.ROOT, """
          Run on %s: `courier-bench/run-h2-bench.sh server %s`. h2load -t1 %s, %d s per measured run; every
          server is first warmed on each scenario in %d runs of %d s;
          %d rounds interleaved across servers; every JVM server `-Xms1g -Xmx1g -XX:+AlwaysPreTouch` with the named collector, nginx with one
          worker (%s); latency columns are h2load's mean, standard deviation and maximum of
          "time for request"; %d cores shared by h2load and all the servers; Java %s on %s.""",
          LocalDate.now(), arguments.replace("run ", "").replace("--protocol h2c", "").replaceAll("\\s+", " ").strip(), over,
          o.duration(), ServerBenchmark.WARM_UP_RUNS, ServerBenchmark.warmUpRunSeconds(o), o.rounds(), nginx, Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.version"))
          + (o.tls() ? describeH2Tls(tlsSessions) : "");
    }
    return String.format(Locale.ROOT, """
        Run on %s: `courier-bench/run-server-bench.sh %s`. wrk -t%d, %d s per measured run after a warm-up of
        %d runs of %d s (each opens and closes its connections), %d rounds interleaved across servers; every JVM server `-Xms1g -Xmx1g -XX:+AlwaysPreTouch` with
        the named collector, nginx with one worker and sendfile; %d cores shared by wrk and all the servers; Java %s
        on %s.""", LocalDate.now(), arguments.replace("run ", "").strip(), o.threads(), o.duration(), ServerBenchmark.WARM_UP_RUNS,
        ServerBenchmark.warmUpRunSeconds(o), o.rounds(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version")) + (o.tls() ? describeTls(tlsSessions) : "")
        + describePlainVariants(o);
  }

  /** What the close, browser and static file tests send, when the run has them. */
  private static String describePlainVariants(ServerBenchmark.Options o) {
    String text = "";
    if (o.tests().contains("close")) {
      text += "\n\nThe close test: `GET /plaintext` with `Connection: close`, so that every request comes on a new"
          + " TCP connection, which the server accepts, answers once and closes.";
    }
    if (o.tests().contains("browser")) {
      text += "\n\nThe browser test: `GET /plaintext` with the fields a browser sends for a page (about 700 bytes:"
          + " User-Agent, Accept, Accept-Language, Accept-Encoding, Referer, a Cookie of four, the Sec-Fetch fields"
          + " and Priority), on keep-alive connections.";
    }
    if (o.tests().contains("page")) {
      text += "\n\nThe page test: `GET " + ServerBenchmark.PAGE_FILE + "`, a 7.6 KB JSON file last modified long ago,"
          + " from each server's static file handler (Courier's FileHandler, nginx's `location /static/`,"
          + " Undertow's ResourceHandler, Jetty's ResourceHandler, Netty's file regions), on keep-alive connections.";
    }
    if (o.tests().contains("revalidate")) {
      text += "\n\nThe revalidate test: the same file asked `If-Modified-Since: " + ServerBenchmark.PAGE_MODIFIED
          + "`, its exact time, as a browser's cache revalidates it: every server answers 304 without a body.";
    }
    if (o.tests().contains("asset")) {
      text += "\n\nThe asset test: `GET " + ServerBenchmark.ASSET_FILE + "`, a " + ServerBenchmark.ASSET_BYTES / 1024
          + " KiB script last modified long ago, the size of a site's bundle or stylesheet.";
    }
    return text;
  }

  private static String describeTls(Map<String, String> tlsSessions) {
    return "\n\n" + """
        The tls test: the same keep-alive `GET /plaintext` over HTTPS to `https://127.0.0.1:PORT/plaintext`,
        HTTP/1.1 (wrk offers no ALPN), on a second port of each server that sits idle in the other tests; every
        server presents one self-signed EC P-256 certificate made with openssl for the run. The JVM servers use the
        JDK's TLS provider (SunJSSE): Courier `tls(cert, key)`, Netty an `SslHandler` of `SslProvider.JDK`, Jetty
        `SslConnectionFactory` (HTTP/1.1 only), Undertow `addHttpsListener`, the JDK `HttpsServer`; nginx uses
        OpenSSL (`listen ... ssl`), a different TLS stack. Checked before measuring with a JSSE client (no ALPN):
        %s. The tls-close test, when run: the same request with `Connection: close`, so that every request comes
        on a new connection and does a TLS handshake (wrk resumes the TLS session, so a handshake without the
        certificate but with a new X25519 key agreement).""".formatted(byChoice(tlsSessions));
  }

  private static String describeH2Tls(Map<String, String> tlsSessions) {
    return "\n\n" + """
        The tls scenarios (`h2load tls`): HTTP/2 over TLS 1.3, ALPN h2, to `https://127.0.0.1:PORT/plaintext` on a
        second port of each server that sits idle in the h2c scenarios; h2load offers h2 by ALPN and a run whose
        h2load did not report `Application protocol: h2` counts as failed. Every server presents one self-signed EC
        P-256 certificate made with openssl for the run. Every JVM server goes through the JDK's TLS provider
        (SunJSSE): Courier `tls(cert, key)` (ALPN h2 and http/1.1), Netty an `SslHandler` of `SslProvider.JDK`
        offering h2 alone in front of the same `Http2ConnectionHandler`, Jetty `SslConnectionFactory` to an
        `ALPNServerConnectionFactory` (jetty-alpn-java-server) choosing between HTTP/2 and HTTP/1.1; nginx goes
        through OpenSSL (`listen ... ssl http2`), a different TLS stack. h2load offers TLS_AES_256_GCM_SHA384 first
        (its default is AES-128-GCM first, which nginx would take while SunJSSE keeps its own order, AES-256-GCM
        first), so all run one suite. Checked before measuring with the JDK's
        HTTP/2 client (`GET /plaintext`: 200, the 13-byte body, h2 by ALPN), then with 100 requests of h2load,
        whose session is in brackets: %s.""".formatted(byChoice(tlsSessions));
  }

  /** The checked TLS sessions grouped by what was negotiated: "a, b: TLSv1.3 X; c: TLSv1.3 Y". */
  private static String byChoice(Map<String, String> tlsSessions) {
    Map<String, List<String>> byChoice = new LinkedHashMap<>();
    tlsSessions.forEach((server, session) -> byChoice.computeIfAbsent(session, k -> new ArrayList<>()).add(server));
    List<String> choices = new ArrayList<>();
    byChoice.forEach((session, servers) -> choices.add(String.join(", ", servers) + ": " + session));
    return String.join("; ", choices);
  }
}
