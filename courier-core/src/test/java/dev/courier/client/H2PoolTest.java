package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.CourierException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.h2.ErrorCode;
import dev.courier.http.wire.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shared HTTP/2 connections of a {@link RoundTripper} against a scripted h2c server: GOAWAY
 * drains and moves new requests to a fresh connection, requests the server never processed are
 * sent once more (RFC 9113 section 8.7), idle connections close.
 */
class H2PoolTest {
  private static RoundTripper h2Only() {
    return RoundTripper.builder().versions(EnumSet.of(HttpVersion.HTTP_2)).build();
  }

  private static ClientRequest request(String method, FakeH2Server server, String path, RequestContent content) {
    Url url = Url.parse(server.url(path));
    return ClientRequest.of(method, url, Headers.of("Host", url.authority()), content);
  }

  private static String text(ClientResponse response) throws Exception {
    try (response) {
      assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aRefusedStreamIsSentOnceMoreWhateverItsMethod() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> {
      if (r.streamId() == 1) peer.reset(1, ErrorCode.REFUSED_STREAM);
      else peer.respond(r.streamId(), "took " + new String(r.body(), StandardCharsets.UTF_8));
    }); RoundTripper rt = h2Only()) {
      ClientRequest post = request("POST", server, "/order", RequestContent.bytes("one".getBytes(StandardCharsets.UTF_8)));
      assertThat(text(rt.roundTrip(post))).isEqualTo("took one");
      assertThat(server.received).hasSize(2).allSatisfy(r -> assertThat(r.path()).isEqualTo("/order"));
    }
  }

  @Test
  void aOneShotBodyAlreadySentIsNotSentAgain() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.reset(r.streamId(), ErrorCode.REFUSED_STREAM));
        RoundTripper rt = h2Only()) {
      ClientRequest post = request("POST", server, "/once",
          RequestContent.writer(out -> out.write("only once".getBytes(StandardCharsets.UTF_8))));
      assertThatThrownBy(() -> rt.roundTrip(post))
          .isInstanceOf(RemoteDisconnectedException.class)
          .satisfies(e -> assertThat(((CourierException) e).mayHaveReachedServer()).isFalse());
      assertThat(server.received).hasSize(1);
    }
  }

  @Test
  void goAwayLetsProcessedStreamsFinishAndMovesTheRestToANewConnection() throws Exception {
    CountDownLatch firstArrived = new CountDownLatch(1);
    try (FakeH2Server server = new FakeH2Server((peer, r) -> {
      if (peer.index == 0 && r.streamId() == 1) {
        firstArrived.countDown(); // held until the second request comes
      } else if (peer.index == 0) {
        peer.goAway(1); // stream 1 will be answered; stream 3 never processed
        peer.respond(1, "first on connection 0");
      } else {
        peer.respond(r.streamId(), r.path() + " on connection " + peer.index);
      }
    }); RoundTripper rt = h2Only()) {
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
        try {
          return text(rt.roundTrip(request("GET", server, "/a", RequestContent.none())));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(firstArrived.await(10, TimeUnit.SECONDS)).isTrue();
      String second = text(rt.roundTrip(request("POST", server, "/b", RequestContent.bytes(new byte[] {1}))));
      assertThat(second).isEqualTo("/b on connection 1");
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first on connection 0");
      assertThat(text(rt.roundTrip(request("GET", server, "/c", RequestContent.none()))))
          .isEqualTo("/c on connection 1");
      // the drained connection is closed by the client once its last stream ended
      assertThat(server.peers.get(0).closedByClient.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(server.peers).hasSize(2);
      assertThat(rt.http2ConnectionCount()).isEqualTo(1);
    }
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (FakeH2Server server = new FakeH2Server((peer, r) -> peer.respond(r.streamId(), "ok"));
        RoundTripper rt = RoundTripper.builder().versions(EnumSet.of(HttpVersion.HTTP_2))
            .http2Connections(4, Duration.ofMillis(100)).build()) {
      assertThat(text(rt.roundTrip(request("GET", server, "/", RequestContent.none())))).isEqualTo("ok");
      assertThat(server.peers.get(0).closedByClient.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(rt.http2ConnectionCount()).isZero();
      assertThat(text(rt.roundTrip(request("GET", server, "/", RequestContent.none())))).isEqualTo("ok");
      assertThat(server.peers).hasSize(2);
    }
  }
}
