package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.client.H2Connection;
import dev.courier.client.H2Response;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.FrameReader;
import dev.courier.http.h2.FrameWriter;
import dev.courier.http.h2.H2Limits;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.HpackDecoder;
import dev.courier.http.h2.HpackEncoder;
import dev.courier.http.h2.Settings;
import dev.courier.net.ConnectOptions;
import dev.courier.net.Connection;
import dev.courier.net.Endpoint;
import dev.courier.net.TlsSettings;
import dev.courier.net.Transport;
import dev.courier.server.Handler;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.testsupport.TestPki;
import dev.courier.http.wire.HttpVersion;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's HTTP/2 example, run. */
class ReadmeHttp2Test {
  @Test
  void theReadmeShowsExactlyThisExample() {
    ReadmeBlocks.assertReadmeShowsEveryBlockOf("ReadmeHttp2Test.java");
  }

  @Test
  void http2Example() throws Exception {
    // README:begin
    HttpServer server = HttpServer.builder().port(0)      // .tls(...) offers h2 by ALPN as well
        .http2Limits(H2Limits.defaults().withMaxConcurrentStreams(250))
        .handler(request -> ServerResponse.ok("hello over " + request.version()))
        .start();
    Connection tcp = Transport.system().connect(Endpoint.tcp("127.0.0.1", server.port()), ConnectOptions.defaults());
    try (H2Connection h2 = H2Connection.open(tcp, "http")) {   // h2c with prior knowledge
      H2Response r = h2.send("GET", Url.parse(server.url()), Headers.empty(), null);
      System.out.println(new String(r.bytes(), StandardCharsets.UTF_8));   // hello over HTTP/2
      System.out.println(r.trailers());   // the trailer fields, known once the body was read: none here
    }
    // README:end
    try (H2Connection h2 = H2Connection.open(Transport.system().connect(Endpoint.tcp("127.0.0.1", server.port()),
        ConnectOptions.defaults()), "http")) {
      H2Response r = h2.send("GET", Url.parse(server.url()), Headers.empty(), null);
      assertThat(new String(r.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello over HTTP/2");
      assertThat(r.trailers()).isEqualTo(Headers.empty());
      assertThat(h2.availableStreams()).isEqualTo(250);
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void sessionHttp2Example() throws Exception {
    Path certificate = TestPki.get().serverCert();
    Path key = TestPki.get().serverKey();
    Path caCertificate = TestPki.get().caCert();
    Response seen;
    // README:begin
    HttpServer server = HttpServer.builder().port(0).tls(certificate, key)   // offers h2 by ALPN
        .handler(request -> ServerResponse.ok("hello over " + request.version()))
        .start();
    try (Session session = Session.builder()
        .tls(TlsSettings.builder().trustedCertificates(caCertificate).build())
        .httpVersionPolicy(HttpVersionPolicy.HTTP_2_PREFERRED)   // the default; or HTTP_1_1, HTTP_2_ONLY
        .build()) {
      Response r = session.get("https://localhost:" + server.port() + "/");
      System.out.println(r.version() + ": " + r.text());   // HTTP/2: hello over HTTP/2
      // README:end
      seen = r;
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
    assertThat(seen.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(seen.text()).isEqualTo("hello over HTTP/2");
  }

  @Test
  void trailersExample() throws Exception {
    // README:begin
    Handler checksum = request -> {
      byte[] data = request.bodyBytes();                              // trailers arrive after the body
      String theirs = request.trailers().firstValue("x-checksum").orElse("none");
      return ServerResponse.builder(200)
          .trailers(() -> Headers.of("x-checksum", Integer.toHexString(Arrays.hashCode(data))))
          .text("received " + data.length + " bytes, their checksum " + theirs);
    };
    // README:end
    HttpServer server = HttpServer.builder().port(0).handler(checksum).start();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      FrameWriter out = new FrameWriter();
      HpackEncoder encoder = new HpackEncoder();
      out.writePreface();
      out.writeSettings(Settings.DEFAULTS);
      out.writeSettingsAck(); // the server's SETTINGS arrives meanwhile; nothing in it needs waiting for
      byte[] head = encoder.encode(List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
          new HeaderField(":authority", "localhost"), new HeaderField(":path", "/")));
      out.writeHeaders(1, head, 0, head.length, false);
      out.writeData(1, new byte[] {1, 2, 3}, 0, 3, false);
      byte[] trailers = encoder.encode(List.of(new HeaderField("x-checksum", "7861")));
      out.writeHeaders(1, trailers, 0, trailers.length, true);
      socket.getOutputStream().write(out.drain());
      FrameReader in = FrameReader.forClient();
      HpackDecoder decoder = new HpackDecoder();
      StringBuilder body = new StringBuilder();
      byte[] buf = new byte[16384];
      List<HeaderField> last = List.of();
      boolean ended = false;
      while (!ended) {
        Optional<Frame> f = in.next();
        if (f.isEmpty()) {
          int n = socket.getInputStream().read(buf);
          assertThat(n).as("the server closed early").isPositive();
          in.feed(buf, 0, n);
          continue;
        }
        if (f.get() instanceof Frame.Headers h && h.streamId() == 1) {
          last = decoder.decode(h.fragment(), 0, h.fragment().length);
          ended = h.endStream();
        } else if (f.get() instanceof Frame.Data d && d.streamId() == 1) {
          body.append(new String(d.data(), StandardCharsets.UTF_8));
          ended = d.endStream();
        }
      }
      assertThat(body.toString()).isEqualTo("received 3 bytes, their checksum 7861");
      assertThat(last).containsExactly(new HeaderField("x-checksum", Integer.toHexString(Arrays.hashCode(new byte[] {1, 2, 3}))));
      // The same handler over HTTP/1.1: a chunked request's trailer section in, a chunked one out.
      try (Socket h1 = new Socket("127.0.0.1", server.port())) {
        h1.setSoTimeout(10_000);
        h1.getOutputStream().write(("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + "3\r\n\u0001\u0002\u0003\r\n0\r\nx-checksum: 7861\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        String answer = new String(h1.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(answer).contains("received 3 bytes, their checksum 7861\r\n0\r\nx-checksum: "
            + Integer.toHexString(Arrays.hashCode(new byte[] {1, 2, 3})) + "\r\n\r\n");
      }
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void clientTrailersExample() throws Exception {
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0)
        .handler(request -> ServerResponse.builder(200).trailers(() -> Headers.of("x-checksum", "7861")).text("data"))
        .start();
    String url = server.url();
    try (Session session = Session.builder().build()) {
      // README:begin
      Response r = session.get(url);                                  // read whole: its trailers came too
      String checksum = r.trailers().firstValue("x-checksum").orElse("none");   // 7861
      Response streamed = session.send(Request.get(url).stream(true).build());
      // streamed.trailers() here: IllegalStateException, the body has not been read yet
      try (InputStream body = streamed.stream()) {
        body.transferTo(OutputStream.nullOutputStream());
      }
      Headers trailers = streamed.trailers();                         // valid once the body was read to its end
      // README:end
      assertThat(r.headers().contains("x-checksum")).isFalse();
      assertThat(checksum).isEqualTo("7861");
      assertThat(trailers).isEqualTo(Headers.of("x-checksum", "7861"));
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }
}
