package dev.courier.testsupport;

import dev.courier.net.TlsSettings;
import dev.courier.server.Handler;
import dev.courier.server.HttpServer;
import java.time.Duration;

/**
 * A Courier server on 127.0.0.1 speaking TLS (and HTTP/2 by ALPN) with the test PKI's certificate,
 * with the client settings that trust it.
 *
 * <pre>{@code
 * try (TlsTestServer tls = TlsTestServer.start(request -> ServerResponse.ok("hi"));
 *     Session session = Session.builder().tls(tls.trust()).build()) {
 *   session.get("https://127.0.0.1:" + tls.port() + "/");
 * }
 * }</pre>
 */
public record TlsTestServer(HttpServer server, TlsSettings trust) implements AutoCloseable {
  public static TlsTestServer start(Handler handler) throws Exception {
    TestPki pki = TestPki.get();
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).tls(pki.serverCert(), pki.serverKey())
        .handler(handler).start();
    return new TlsTestServer(server, TlsSettings.builder().trustedCertificates(pki.caCert()).build());
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop(Duration.ofSeconds(1));
  }
}
