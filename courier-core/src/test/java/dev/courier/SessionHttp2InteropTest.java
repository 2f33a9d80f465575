package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.courier.http.wire.HttpVersion;
import dev.courier.net.Endpoint;
import dev.courier.net.TlsSettings;
import dev.courier.testsupport.NginxPeer;
import dev.courier.testsupport.TestPki;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * Courier's Session over HTTP/2 against real servers: nginx (TLS, ALPN), Jetty 12 (h2c) and a
 * server on Python's {@code h2} (h2c; Debian's python3-h2 under /usr/bin/python3).
 */
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

  /** An h2c server on python3-h2 that answers "method path body-length"; prints its port first. */
  private static final String PYTHON_SERVER = String.join("\n",
      "import socket, sys, threading",
      "import h2.config, h2.connection, h2.events",
      "def text(b): return b.decode() if isinstance(b, bytes) else b",
      "def serve(sock):",
      "    conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=False))",
      "    conn.initiate_connection()",
      "    sock.sendall(conn.data_to_send())",
      "    heads, sizes = {}, {}",
      "    while True:",
      "        data = sock.recv(65535)",
      "        if not data: break",
      "        for ev in conn.receive_data(data):",
      "            if isinstance(ev, h2.events.RequestReceived):",
      "                heads[ev.stream_id] = dict((text(k), text(v)) for k, v in ev.headers)",
      "                sizes[ev.stream_id] = 0",
      "            elif isinstance(ev, h2.events.DataReceived):",
      "                sizes[ev.stream_id] += len(ev.data)",
      "                conn.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)",
      "            elif isinstance(ev, h2.events.StreamEnded):",
      "                h = heads.pop(ev.stream_id)",
      "                body = ('%s %s %d' % (h[':method'], h[':path'], sizes.pop(ev.stream_id))).encode()",
      "                conn.send_headers(ev.stream_id, [(':status', '200'), ('content-length', str(len(body)))])",
      "                conn.send_data(ev.stream_id, body, end_stream=True)",
      "        out = conn.data_to_send()",
      "        if out: sock.sendall(out)",
      "    sock.close()",
      "srv = socket.socket()",
      "srv.bind(('127.0.0.1', 0))",
      "srv.listen(16)",
      "print(srv.getsockname()[1], flush=True)",
      "while True:",
      "    c, _ = srv.accept()",
      "    threading.Thread(target=serve, args=(c,), daemon=True).start()",
      "");

  @Test
  void pythonH2ServerWithPriorKnowledge() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 is missing");
    Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import h2").start();
    boolean hasH2 = probe.waitFor() == 0;
    if (!hasH2 && "true".equals(System.getenv("CI"))) throw new AssertionError("python3-h2 is not installed");
    assumeTrue(hasH2, "python3-h2 is not installed");
    Process python = new ProcessBuilder("/usr/bin/python3", "-c", PYTHON_SERVER).redirectErrorStream(true).start();
    AtomicInteger connects = new AtomicInteger();
    try (Session s = Session.builder().httpVersionPolicy(HttpVersionPolicy.HTTP_2_ONLY)
            .eventListener(countingConnects(connects)).build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      String port = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8)).readLine();
      String base = "http://127.0.0.1:" + port;
      List<Future<Response>> answers = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = i;
        answers.add(threads.submit(() -> s.get(base + "/p" + n + "?q=" + n)));
      }
      for (int i = 0; i < 10; i++) {
        Response r = answers.get(i).get();
        assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(r.text()).isEqualTo("GET /p" + i + "?q=" + i + " 0");
      }
      byte[] upload = new byte[300_000]; // several times python-h2's 64 KiB receive window
      assertThat(s.post(base + "/up", Body.of(new ByteArrayInputStream(upload), "application/octet-stream")).text())
          .isEqualTo("POST /up " + upload.length);
    } finally {
      python.destroy();
    }
    assertThat(connects.get()).isEqualTo(1);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
