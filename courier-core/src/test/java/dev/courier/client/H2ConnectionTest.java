package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.HttpProtocolException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.wire.HttpVersion;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Connection;
import dev.courier.net.Endpoint;
import dev.courier.net.Transport;
import dev.courier.net.TlsSettings;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import dev.courier.testsupport.NginxPeer;
import dev.courier.testsupport.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Courier's HTTP/2 client against Courier's server (h2c and TLS with ALPN) and against nginx. */
class H2ConnectionTest {
  static HttpServer server(boolean tls) throws Exception {
    HttpServer.Builder b = HttpServer.builder().bind("127.0.0.1").port(0).handler(r -> {
      if (r.method().equals("POST")) return ServerResponse.ok(ServerResponseBody.of(r.bodyBytes()));
      return ServerResponse.ok(r.version() + " " + r.path() + " " + r.header("x-n").orElse(""));
    });
    if (tls) b.tls(TestPki.get().serverCert(), TestPki.get().serverKey());
    return b.start();
  }

  static Connection tcp(int port) throws Exception {
    return Transport.system().connect(Endpoint.tcp("127.0.0.1", port), ConnectOptions.defaults());
  }

  static Connection tls(int port) throws Exception {
    TlsSettings settings = TlsSettings.builder().trustedCertificates(TestPki.get().caCert())
        .applicationProtocols(List.of("h2", "http/1.1")).build();
    return settings.handshake(tcp(port), "localhost", port, Duration.ofSeconds(10));
  }

  @Test
  void manyConcurrentRequestsOnOneH2cConnection() throws Exception {
    HttpServer server = server(false);
    try (H2Connection h2 = H2Connection.open(tcp(server.port()), "http");
        var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = i;
        answers.add(pool.submit(() -> {
          try (H2Response r = h2.send("GET", Url.parse(server.url() + "p" + n), Headers.of("X-N", "" + n), null)) {
            assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
            return r.statusCode() + " " + new String(r.bytes(), StandardCharsets.UTF_8);
          }
        }));
      }
      for (int i = 0; i < 50; i++) assertThat(answers.get(i).get()).isEqualTo("200 HTTP/2 /p" + i + " " + i);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void forwardingFieldsCountOverHttp2OnlyFromATrustedProxy() throws Exception {
    for (boolean trusted : new boolean[] {true, false}) {
      HttpServer.Builder b = HttpServer.builder().bind("127.0.0.1").port(0)
          .handler(r -> ServerResponse.ok(r.clientAddress().getHostAddress()));
      if (trusted) b.trustedProxies(List.of("127.0.0.1"));
      HttpServer server = b.start();
      try (H2Connection h2 = H2Connection.open(tcp(server.port()), "http");
          H2Response r = h2.send("GET", Url.parse(server.url() + "who"), Headers.of("X-Forwarded-For", "203.0.113.7"), null)) {
        assertThat(new String(r.bytes(), StandardCharsets.UTF_8)).isEqualTo(trusted ? "203.0.113.7" : "127.0.0.1");
      } finally {
        server.stop(Duration.ofSeconds(1));
      }
    }
  }

  @Test
  void largeBodiesBothWaysOverTlsWithAlpn() throws Exception {
    HttpServer server = server(true);
    Connection connection = tls(server.port());
    assertThat(connection.applicationProtocol()).contains("h2");
    byte[] upload = new byte[3_000_000];
    for (int i = 0; i < upload.length; i++) upload[i] = (byte) i;
    try (H2Connection h2 = H2Connection.open(connection, "https")) {
      H2Response r = h2.send("POST", Url.parse("https://localhost:" + server.port() + "/echo"), Headers.empty(), upload);
      assertThat(r.bytes()).isEqualTo(upload);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void afterGoAwayNewRequestsAreRefusedAsNeverProcessed() throws Exception {
    HttpServer server = server(false);
    H2Connection h2 = H2Connection.open(tcp(server.port()), "http");
    try {
      try (H2Response first = h2.send("GET", Url.parse(server.url()), Headers.empty(), null)) {
        assertThat(first.statusCode()).isEqualTo(200);
        first.bytes(); // read to END_STREAM: the stream is closed before its body ends, so its slot is free
      }
      assertThat(h2.availableStreams()).isEqualTo(100);
      server.stop(Duration.ofSeconds(1)); // GOAWAY NO_ERROR
      assertThatThrownBy(() -> {
        // the GOAWAY arrives on the reader thread; a bound against a hang, not a timing assertion
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (h2.isUsable() && System.nanoTime() < deadline) Thread.onSpinWait();
        h2.send("GET", Url.parse(server.url()), Headers.empty(), null);
      }).isInstanceOfSatisfying(dev.courier.error.CourierException.class,
          e -> assertThat(e.mayHaveReachedServer()).as("safe to retry elsewhere").isFalse());
      assertThat(h2.isUsable()).isFalse();
    } finally {
      h2.close();
    }
  }

  @Test
  void againstNginxOverTls() throws Exception {
    try (NginxPeer nginx = NginxPeer.builder().tlsWithHttp2(TestPki.get().serverCert(), TestPki.get().serverKey())
        .file("big.txt", "x".repeat(500_000)).start()) {
      Connection connection = tls(nginx.port());
      assertThat(connection.applicationProtocol()).contains("h2");
      try (H2Connection h2 = H2Connection.open(connection, "https")) {
        H2Response index = h2.send("GET", Url.parse("https://localhost:" + nginx.port() + "/"), Headers.empty(), null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(new String(index.bytes(), StandardCharsets.UTF_8)).contains("hello from nginx");
        H2Response big = h2.send("GET", Url.parse("https://localhost:" + nginx.port() + "/big.txt"), Headers.empty(), null);
        assertThat(big.bytes()).hasSize(500_000);
        H2Response missing = h2.send("GET", Url.parse("https://localhost:" + nginx.port() + "/nope"), Headers.empty(), null);
        assertThat(missing.statusCode()).isEqualTo(404);
      }
    }
  }

  // RFC 9113 section 8.1.1: a malformed response is a stream error of type PROTOCOL_ERROR.

  /** The code of the first RST_STREAM the client sent on {@code streamId}. */
  private static ErrorCode resetCode(FakeH2Server server, int streamId) throws InterruptedException {
    while (true) {
      Frame.RstStream r = server.resets.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("an RST_STREAM from the client").isNotNull();
      if (r.streamId() == streamId) return r.error();
    }
  }

  @Test
  void trailersWithAPseudoHeaderResetTheStreamWithProtocolError() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.respondWithTrailers(r.streamId(), "body",
            List.of(new HeaderField(":status", "500"))));
        H2Connection h2 = H2Connection.open(tcp(server.port()), "http");
        H2Response r = h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null)) {
      assertThatThrownBy(r::bytes).isInstanceOf(HttpProtocolException.class).hasMessageContaining(":status in trailers");
      assertThat(resetCode(server, 1)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }
  }

  @Test
  void trailersWithoutEndStreamResetTheStreamWithProtocolError() throws Exception {
    FakeH2Server.Script script = (peer, r) -> {
      if (r.streamId() == 1) peer.respondWithTrailers(1, "body", List.of(new HeaderField("x-sum", "7")), false);
      else peer.respond(r.streamId(), "fine");
    };
    try (FakeH2Server server = new FakeH2Server(script);
        H2Connection h2 = H2Connection.open(tcp(server.port()), "http");
        H2Response r = h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null)) {
      assertThatThrownBy(r::bytes).isInstanceOf(HttpProtocolException.class).hasMessageContaining("END_STREAM");
      assertThat(resetCode(server, 1)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
      // The connection is fine: the next request is answered.
      try (H2Response next = h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null)) {
        assertThat(next.statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void aMalformedResponseHeadResetsTheStreamWithProtocolError() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.respondWithHead(r.streamId(),
            List.of(new HeaderField(":status", "200"), new HeaderField("connection", "close"))));
        H2Connection h2 = H2Connection.open(tcp(server.port()), "http")) {
      assertThatThrownBy(() -> h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null))
          .isInstanceOf(HttpProtocolException.class).hasMessageContaining("malformed HTTP/2 response");
      assertThat(resetCode(server, 1)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }
  }

  @Test
  void paddingIsCreditedBackOnTheStreamAsWellAsTheConnection() throws Exception {
    // Frames of 1 data byte and 255 octets of padding: more flow-controlled bytes than the quarter
    // of the stream's 16 MiB window that makes an update due, though only one byte a frame is ever
    // read (RFC 9113 6.1).
    int frames = H2ClientStreams.STREAM_WINDOW / 4 / 256 + 100;
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.respondPadded(r.streamId(), frames, 256));
        H2Connection h2 = H2Connection.open(tcp(server.port()), "http");
        H2Response r = h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null)) {
      assertThat(r.bytes()).hasSize(frames);
      long credited = 0;
      while (credited < H2ClientStreams.STREAM_WINDOW / 4) {
        Frame.WindowUpdate w = server.windowUpdates.poll(10, TimeUnit.SECONDS);
        assertThat(w).as("a WINDOW_UPDATE for stream 1 crediting its padding; credited " + credited).isNotNull();
        if (w.streamId() == 1) credited += w.increment();
      }
    }
  }

  @Test
  void dataPastTheStreamWindowResetsThatStreamAndTheConnectionGoesOn() throws Exception {
    // The client's stream window is 16 MiB, its connection window 32 MiB (RFC 9113 section 6.9.1:
    // past a stream window, a stream error FLOW_CONTROL_ERROR).
    FakeH2Server.Script script = (peer, r) -> {
      if (r.streamId() == 1) peer.respondIgnoringFlowControl(1, H2ClientStreams.STREAM_WINDOW + 1);
      else peer.respond(r.streamId(), "fine");
    };
    try (FakeH2Server server = new FakeH2Server(script);
        H2Connection h2 = H2Connection.open(tcp(server.port()), "http")) {
      H2Response first = h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null);
      assertThat(resetCode(server, 1)).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
      assertThatThrownBy(() -> first.body().readAllBytes()).isInstanceOf(HttpProtocolException.class)
          .hasMessageContaining("FLOW_CONTROL_ERROR");
      try (H2Response next = h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null)) {
        assertThat(new String(next.bytes(), StandardCharsets.UTF_8)).isEqualTo("fine");
      }
    }
  }

  @Test
  void overALongRoundTripALargeBodyFlowsWithinTheFixedWindows() throws Exception {
    // RFC 9113 section 5.2.2 leaves the sizes of windows to the receiver. Streams start at 16 MiB
    // (OkHttp's and the JDK's window) and the connection at 32 MiB, and stay there: credit comes
    // back as the body is read, a quarter of a window at a time, never more than the window.
    int length = 40 << 20;
    FakeH2Server.Script script = (peer, r) -> {
      if (r.streamId() == 1) peer.respondWithinWindows(1, length, H2ClientStreams.STREAM_WINDOW);
      else peer.respond(r.streamId(), "fine");
    };
    try (FakeH2Server server = new FakeH2Server(script).delaySettingsAck(150);
        H2Connection h2 = H2Connection.open(tcp(server.port()), "http")) {
      try (H2Response r = h2.send("GET", Url.parse(server.url("/large")), Headers.empty(), null)) {
        assertThat(r.body().transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(length);
      }
      List<Frame.WindowUpdate> updates = new ArrayList<>();
      server.windowUpdates.drainTo(updates);
      assertThat(updates.stream().filter(w -> w.streamId() == 1).mapToInt(Frame.WindowUpdate::increment).sum())
          .as("the stream's credit given back as the body was read").isGreaterThanOrEqualTo(length - H2ClientStreams.STREAM_WINDOW);
      assertThat(updates.stream().filter(w -> w.streamId() == 1).mapToInt(Frame.WindowUpdate::increment).max().orElse(0))
          .as("never past the window").isLessThanOrEqualTo(H2ClientStreams.STREAM_WINDOW);
      try (H2Response next = h2.send("GET", Url.parse(server.url("/next")), Headers.empty(), null)) {
        assertThat(new String(next.bytes(), StandardCharsets.UTF_8)).isEqualTo("fine");
      }
    }
  }
}
