package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.wire.HttpVersion;
import dev.courier.net.Endpoint;
import dev.courier.net.TlsSettings;
import dev.courier.testing.NginxPeer;
import dev.courier.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** Courier's Session over HTTP/2 against real servers: nginx (TLS, ALPN) and Jetty 12 (h2c). */
class SessionHttp2InteropTest {
  private static final String TEXT = "a line that compresses well over HTTP/2\n".repeat(30_000); // ~1.2 MB

  private static EventListener countingConnects(AtomicInteger connects) {
    return new EventListener() {
      @Override
      public void connectStart(Request request, Endpoint endpoint) {
        connects.incrementAndGet();
      }
    };
  }

  @Test
  void nginxOverTlsWithAlpn() throws Exception {
    AtomicInteger connects = new AtomicInteger();
    TlsSettings trust = TlsSettings.builder().trustedCertificates(TestPki.get().caCert()).build();
    try (NginxPeer nginx = NginxPeer.builder().tlsWithHttp2(TestPki.get().serverCert(), TestPki.get().serverKey())
            .file("big.txt", TEXT)
            .locations("    location = /upload { client_max_body_size 16m; return 200 \"$content_length\"; }\n")
            .start();
        Session s = Session.builder().tls(trust).eventListener(countingConnects(connects)).build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      String base = "https://localhost:" + nginx.port();
      List<Future<Response>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) answers.add(threads.submit(() -> s.get(base + "/big.txt")));
      Set<String> connections = new HashSet<>();
      for (Future<Response> a : answers) {
        Response r = a.get();
        assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(r.header("Content-Encoding")).contains("gzip");
        assertThat(r.text()).isEqualTo(TEXT);
        connections.add(r.header("X-Connection").orElseThrow());
      }
      assertThat(connections).hasSize(1);
      assertThat(s.get(base + "/missing").statusCode()).isEqualTo(404);
      byte[] upload = new byte[1 << 20];
      Response uploaded = s.post(base + "/upload", Body.of(new ByteArrayInputStream(upload), upload.length,
          "application/octet-stream"));
      assertThat(uploaded.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(uploaded.text()).isEqualTo(Integer.toString(upload.length));
    }
    assertThat(connects.get()).isEqualTo(1);
  }

  @Test
  void jettyH2cWithPriorKnowledge() throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    jetty.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
          Callback callback) throws Exception {
        String answer;
        if (request.getMethod().equals("POST")) {
          try (InputStream in = Content.Source.asInputStream(request)) {
            answer = sha256(in.readAllBytes());
          }
        } else {
          answer = request.getConnectionMetaData().getProtocol() + " " + request.getHttpURI().getPath();
        }
        response.getHeaders().put("Content-Type", "text/plain");
        Content.Sink.write(response, true, answer, callback);
        return true;
      }
    });
    jetty.start();
    AtomicInteger connects = new AtomicInteger();
    try (Session s = Session.builder().httpVersionPolicy(HttpVersionPolicy.HTTP_2_ONLY)
            .eventListener(countingConnects(connects)).build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      String base = "http://127.0.0.1:" + connector.getLocalPort();
      List<Future<Response>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        answers.add(threads.submit(() -> s.get(base + "/n/" + n)));
      }
      for (int i = 0; i < 20; i++) {
        Response r = answers.get(i).get();
        assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(r.text()).isEqualTo("HTTP/2.0 /n/" + i);
      }
      byte[] upload = new byte[1 << 20];
      new Random(3).nextBytes(upload);
      Response echoed = s.post(base + "/echo", Body.of(new ByteArrayInputStream(upload), "application/octet-stream"));
      assertThat(echoed.text()).isEqualTo(sha256(upload));
    } finally {
      jetty.stop();
    }
    assertThat(connects.get()).isEqualTo(1);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
