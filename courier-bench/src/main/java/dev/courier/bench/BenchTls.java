package dev.courier.bench;

import dev.courier.net.TlsContexts;
import dev.courier.net.TlsIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The HTTPS listener a benchmarked server opens beside its plain one for the {@code tls} test:
 * its port and the run's one certificate ({@link BenchCertificate}, self-signed EC P-256), which
 * every server presents. The JVM servers all take it through the JDK's own TLS provider (SunJSSE):
 * {@link #sslContext()} and {@link #identity()} read the PEM files with Courier's reader, so no
 * server brings a TLS stack of its own; nginx reads the same files into OpenSSL.
 *
 * <pre>
 * java -cp benchmarks.jar dev.courier.bench.ServerBenchmark serve netty 8080 /tmp/static http1 8443 cert.pem key.pem
 * curl -k --http1.1 https://127.0.0.1:8443/plaintext
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
}
