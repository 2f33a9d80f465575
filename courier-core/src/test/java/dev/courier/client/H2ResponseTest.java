package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.HttpProtocolException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.h2.HeaderField;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link H2Response#trailers()}: OkHttp's contract, as {@link ClientResponse#trailers()} keeps it
 * (valid once the body has been read to its end, an {@link IllegalStateException} before), against
 * a scripted server that sends trailers as a last HEADERS frame (RFC 9113 section 8.1).
 */
class H2ResponseTest {
  private static final List<HeaderField> TRAILERS = List.of(new HeaderField("x-sum", "7"),
      new HeaderField("content-type", "text/evil"), new HeaderField("server-timing", "db;dur=53"));

  private static H2Connection open(FakeH2Server server) throws Exception {
    return H2Connection.open(H2ConnectionTest.tcp(server.port()), "http");
  }

  @Test
  void trailersComeOnceTheBodyWasReadToItsEndWithoutTheFieldsNotAllowedThere() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.respondWithTrailers(r.streamId(), "body", TRAILERS));
        H2Connection h2 = open(server);
        H2Response r = h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null)) {
      assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("read to its end");
      InputStream body = r.body();
      assertThat(new String(body.readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("body");
      assertThatThrownBy(r::trailers).as("every byte read, the end not yet seen").isInstanceOf(IllegalStateException.class);
      assertThat(body.read()).isEqualTo(-1);
      assertThat(r.trailers()).isEqualTo(Headers.of("x-sum", "7", "server-timing", "db;dur=53"));
      assertThat(r.headers().contains("x-sum")).as("never merged into the head").isFalse();
    }
  }

  @Test
  void bytesReadsTheWholeBodySoTheTrailersAreKnown() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.respondWithTrailers(r.streamId(), "body", TRAILERS));
        H2Connection h2 = open(server);
        H2Response r = h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null)) {
      assertThat(r.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("body");
      assertThat(r.trailers().firstValue("x-sum")).contains("7");
    }
  }

  @Test
  void aResponseWithoutTrailersHasNoneOnceRead() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.respond(r.streamId(), "plain"));
        H2Connection h2 = open(server);
        H2Response r = h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null)) {
      r.body().transferTo(OutputStream.nullOutputStream());
      assertThat(r.trailers()).isEqualTo(Headers.empty());
    }
  }

  @Test
  void aBodyClosedBeforeItsEndNeverHasTrailers() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.respondWithTrailers(r.streamId(), "body", TRAILERS));
        H2Connection h2 = open(server)) {
      H2Response r = h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null);
      r.close();
      assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void malformedTrailersFailTheBodyAndLeaveNoTrailers() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.respondWithTrailers(r.streamId(), "body",
            List.of(new HeaderField(":status", "500"))));
        H2Connection h2 = open(server);
        H2Response r = h2.send("GET", Url.parse(server.url("/")), Headers.empty(), null)) {
      assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(HttpProtocolException.class)
          .hasMessageContaining("malformed HTTP/2 trailers");
      assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class);
    }
  }
}
