package dev.courier.bench;

import dev.courier.net.TlsContexts;
import dev.courier.net.TlsIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The HTTPS listener a benchmarked server opens beside its plain one for the {@code tls} test
 * (HTTP/1.1, or in the h2 runs HTTP/2 chosen by ALPN): its port and the run's one certificate
 * ({@link BenchCertificate}, self-signed EC P-256), which every server presents. The JVM servers
 * all take it through the JDK's own TLS provider (SunJSSE): {@link #sslContext()} and {@link
 * #identity()} read the PEM files with Courier's reader, so no server brings a TLS stack of its
 * own; nginx reads the same files into OpenSSL.
 *
 * <pre>
 * java -cp benchmarks.jar dev.courier.bench.ServerBenchmark serve netty 8080 /tmp/static http1 8443 cert.pem key.pem
 * curl -k --http1.1 https://127.0.0.1:8443/plaintext
 * java -cp benchmarks.jar dev.courier.bench.ServerBenchmark serve netty 8080 /tmp/static h2c 8443 cert.pem key.pem
 * h2load -n 1000 -c 1 https://127.0.0.1:8443/plaintext
 * </pre>
 */
record BenchTls(int port, Path certificate, Path key) {

  /** The listener named by {@code serve} arguments {@code PORT CERT KEY} from {@code from} on. */
  static BenchTls parse(String[] args, int from) {
    return new BenchTls(Integer.parseInt(args[from]), Path.of(args[from + 1]), Path.of(args[from + 2]));
  }

  /** The arguments {@link #parse} reads back. */
  List<String> arguments() {
    return List.of(Integer.toString(port), certificate.toString(), key.toString());
  }

  /** The certificate and key read from their PEM files. */
  TlsIdentity identity() {
    try {
      return TlsIdentity.fromPem(certificate, key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A SunJSSE server context presenting {@link #identity()}, with the JDK's default settings. */
  SSLContext sslContext() {
    return TlsContexts.server(identity());
  }

  /**
   * Checks that the server on {@code port} answers {@code GET /plaintext} over TLS 1.3 with
   * HTTP/1.1, {@code 200} and the 13-byte body when the client offers no ALPN, as wrk does; returns
   * the negotiated protocol and cipher suite for the run's record. Without this a server whose TLS
   * was set up wrong would only show as wrk's connect errors.
   *
   * @throws IOException naming what the server did instead
   */
  static String verify(int port, BenchCertificate trust) throws IOException {
    SSLContext client = trust.clientContext();
    try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      String protocol = socket.getSession().getProtocol();
      if (!protocol.equals("TLSv1.3")) throw new IOException("negotiated " + protocol + ", not TLSv1.3");
      ServerBenchmark.expectHello("the server over TLS", socket);
      return protocol + " " + socket.getSession().getCipherSuite();
    }
  }

  /**
   * Checks that the server on {@code port} answers {@code GET /plaintext} over TLS 1.3 with
   * HTTP/2 chosen by ALPN, {@code 200} and the 13-byte body, as h2load will ask it; returns the
   * TLS protocol, cipher suite and application protocol for the run's record. The JDK's client
   * offers h2 and HTTP/1.1 and falls back to HTTP/1.1 when the server does not pick h2, so the
   * version it reports is the server's choice.
   *
   * @throws IOException naming what the server did instead
   */
  static String verifyH2(int port, BenchCertificate trust) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/plaintext"))
        .timeout(Duration.ofSeconds(10)).build();
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
        .sslContext(trust.clientContext()).connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      SSLSession session = response.sslSession().orElseThrow(() -> new IOException("no TLS session"));
      if (!session.getProtocol().equals("TLSv1.3")) throw new IOException("negotiated " + session.getProtocol() + ", not TLSv1.3");
      if (response.version() != HttpClient.Version.HTTP_2) {
        throw new IOException("the server over TLS chose " + response.version() + ", not h2, by ALPN");
      }
      if (response.statusCode() != 200 || !Arrays.equals(response.body(), BenchServers.HELLO)) {
        String body = new String(response.body(), 0, Math.min(200, response.body().length), StandardCharsets.ISO_8859_1);
        throw new IOException("the server over TLS answered GET /plaintext over h2 with " + response.statusCode()
            + " and " + response.body().length + " bytes: " + body);
      }
      return session.getProtocol() + " " + session.getCipherSuite() + ", ALPN h2";
    }
  }
}
