package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.HttpProtocolException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.wire.HttpVersion;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientResponse#trailers()} from a {@link RoundTripper}: HTTP/1.1 and HTTP/2 trailers once
 * the body has ended, an {@link IllegalStateException} before; fields not allowed in trailers
 * dropped; malformed HTTP/2 trailers fail the body (RFC 9113 section 8.1.1).
 */
class ClientResponseTrailersTest {
  private static ClientRequest get(String url) {
    Url parsed = Url.parse(url);
    return ClientRequest.of("GET", parsed, Headers.of("Host", parsed.authority()), RequestContent.none());
  }

  @Test
  void http11ChunkedTrailersComeAfterTheBodyAndOnlyThen() throws Exception {
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0)
        .handler(request -> ServerResponse.builder(200).trailers(() -> Headers.of("x-sum", "7")).text("body"))
        .start();
    try (RoundTripper rt = RoundTripper.builder().build();
        ClientResponse r = rt.roundTrip(get("http://127.0.0.1:" + server.port() + "/"))) {
      assertThat(r.version()).isEqualTo(HttpVersion.HTTP_1_1);
      assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class);
      assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("body");
      assertThat(r.trailers()).isEqualTo(Headers.of("x-sum", "7"));
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void http2TrailersKeepAllowedFieldsAndDropTheOthers() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.respondWithTrailers(r.streamId(), "body",
            List.of(new HeaderField("x-sum", "7"), new HeaderField("content-type", "text/evil"),
                new HeaderField("server-timing", "db;dur=53"))));
        RoundTripper rt = RoundTripper.builder().versions(EnumSet.of(HttpVersion.HTTP_2)).build();
        ClientResponse r = rt.roundTrip(get(server.url("/")))) {
      assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class);
      assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("body");
      assertThat(r.trailers()).isEqualTo(Headers.of("x-sum", "7", "server-timing", "db;dur=53"));
      assertThat(r.headers().contains("content-type")).isFalse();
    }
  }

  @Test
  void malformedHttp2TrailersFailTheBodyInsteadOfEndingIt() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.respondWithTrailers(r.streamId(), "body",
            List.of(new HeaderField(":status", "500"))));
        RoundTripper rt = RoundTripper.builder().versions(EnumSet.of(HttpVersion.HTTP_2)).build();
        ClientResponse r = rt.roundTrip(get(server.url("/")))) {
      InputStream body = r.body();
      assertThatThrownBy(body::readAllBytes).isInstanceOf(HttpProtocolException.class)
          .hasMessageContaining("malformed HTTP/2 trailers");
      assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class);
    }
  }
}
