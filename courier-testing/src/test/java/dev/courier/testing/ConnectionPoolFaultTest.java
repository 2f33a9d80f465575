package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.client.ConnectionPool;
import dev.courier.client.Route;
import dev.courier.error.BadStatusLineException;
import dev.courier.error.ConnectionResetException;
import dev.courier.error.CourierException;
import dev.courier.error.HttpProtocolException;
import dev.courier.error.IncompleteReadException;
import dev.courier.error.LineTooLongException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.Headers;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.Limits;
import dev.courier.net.ConnectOptions;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The client's fault cases, scripted with MockServer instead of raw sockets: on a kept-alive
 * pooled connection, each server fault gives one specific exception, the pool drops the broken
 * connection, and the next request works on a new one. These moved here from core's
 * HttpConnectionFaultTest (which keeps what MockServer cannot script: a reset after the head was
 * read, extra bytes after a response on a connection that stays open, connect failures).
 */
class ConnectionPoolFaultTest {
  private static final ConnectOptions OPTIONS =
      ConnectOptions.defaults().withReadTimeout(Duration.ofSeconds(5));

  private static CourierException failThroughPool(MockResponse fault, boolean faultInBody) {
    return failThroughPool(fault, faultInBody, OPTIONS);
  }

  private static CourierException failThroughPool(MockResponse fault, boolean faultInBody,
      ConnectOptions options) {
    try (MockServer server = MockServer.start();
        ConnectionPool pool = ConnectionPool.builder().connectOptions(options).build()) {
      server.enqueue(MockResponse.text("ok"));
      server.enqueue(fault);
      server.enqueue(MockResponse.text("ok"));
      Route route = Route.http("127.0.0.1", server.port());
      try (var lease = pool.acquire(route)) {
        lease.connection().request("GET", "/first");
        assertThat(lease.connection().getResponse().read()).asString().isEqualTo("ok");
      }
      CourierException failure;
      try (var lease = pool.acquire(route)) {
        assertThat(lease.isReused()).isTrue();
        // a stream body cannot be replayed, so the fault surfaces instead of a silent retry
        lease.connection().request("POST", "/fault", new ByteArrayInputStream(new byte[] {1}), 1,
            Headers.empty());
        failure = Assertions.assertThrows(CourierException.class, () -> {
          var response = lease.connection().getResponse();
          if (faultInBody) {
            response.read();
          }
        });
      }
      assertThat(pool.idleCount()).isZero();
      assertThat(pool.connectionCount()).isZero();
      try (var lease = pool.acquire(route)) {
        assertThat(lease.isReused()).isFalse();
        lease.connection().request("GET", "/after");
        assertThat(lease.connection().getResponse().read()).asString().isEqualTo("ok");
      }
      assertThat(server.connectionCount()).isEqualTo(2);
      RecordedRequest first = server.takeRequest();
      RecordedRequest faulty = server.takeRequest();
      assertThat(faulty.connectionIndex()).isEqualTo(first.connectionIndex());
      assertThat(faulty.connectionSequenceNumber()).isEqualTo(1);
      return failure;
    }
  }

  private static MockResponse raw(String bytes) {
    return MockResponse.builder().body(bytes).fault(Fault.GARBAGE).build();
  }

  @Test
  void closeBeforeAnyByteIsRemoteDisconnected() {
    var e = failThroughPool(MockResponse.builder().fault(Fault.CLOSE_AFTER_REQUEST).build(), false);
    assertThat(e).isInstanceOf(RemoteDisconnectedException.class)
        .hasMessageContaining("without sending a response").hasMessageContaining("/fault");
    assertThat(e.mayHaveReachedServer()).isTrue();
  }

  @Test
  void closeMidHead() {
    var e = failThroughPool(raw("HTTP/1.1 200 OK\r\nContent-Le"), false);
    assertThat(e).isInstanceOf(RemoteDisconnectedException.class)
        .hasMessageContaining("middle of the response head");
    assertThat(e.mayHaveReachedServer()).isTrue();
  }

  @Test
  void closeMidBodyIsAnIncompleteReadWithCounts() {
    var e = failThroughPool(MockResponse.builder().body("0123456789abcdefghij")
        .fault(Fault.CLOSE_MID_BODY).build(), true);
    assertThat(e).isInstanceOf(IncompleteReadException.class)
        .hasMessageContaining("10 bytes read, 10 more expected");
    assertThat(((IncompleteReadException) e).received()).isEqualTo(10);
    assertThat(((IncompleteReadException) e).expected()).hasValue(20);
    assertThat(e.getCause()).isInstanceOf(HttpCodecException.class);
  }

  @Test
  void truncatedChunk() {
    var e = failThroughPool(MockResponse.builder().body("0123456789abcdefghij")
        .fault(Fault.TRUNCATED_CHUNK).build(), true);
    assertThat(e).isInstanceOf(IncompleteReadException.class);
    assertThat(((IncompleteReadException) e).received()).isEqualTo(10);
    assertThat(((IncompleteReadException) e).expected()).isEmpty();
  }

  @Test
  void resetAfterTheRequestIsConnectionReset() {
    var e = failThroughPool(MockResponse.builder().fault(Fault.RESET_AFTER_REQUEST).build(), false);
    assertThat(e).isInstanceOf(ConnectionResetException.class).hasMessageContaining("/fault");
    assertThat(e.mayHaveReachedServer()).isTrue();
  }

  @Test
  void stallFiresTheReadTimeout() {
    var e = failThroughPool(MockResponse.builder().fault(Fault.STALL).build(), false,
        ConnectOptions.defaults().withReadTimeout(Duration.ofMillis(500)));
    assertThat(e).isInstanceOf(ReadTimeoutException.class).hasMessageContaining("/fault");
    assertThat(((ReadTimeoutException) e).timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(e.mayHaveReachedServer()).isTrue();
  }

  @Test
  void stallMidBodyFiresTheReadTimeout() {
    var e = failThroughPool(MockResponse.builder().body("0123456789")
        .throttle(5, Duration.ofSeconds(5)).build(), true,
        ConnectOptions.defaults().withReadTimeout(Duration.ofMillis(500)));
    assertThat(e).isInstanceOf(ReadTimeoutException.class).hasMessageContaining("/fault");
    assertThat(e.mayHaveReachedServer()).isTrue();
  }

  @Test
  void garbageIsABadStatusLineQuotingIt() {
    var e = failThroughPool(raw("SSH-2.0-OpenSSH_9.6\r\n\u0001\u0002"), false);
    assertThat(e).isInstanceOf(BadStatusLineException.class)
        .hasMessageContaining("\"SSH-2.0-OpenSSH_9.6\"");
    assertThat(((BadStatusLineException) e).line()).isEqualTo("SSH-2.0-OpenSSH_9.6");
  }

  @Test
  void badStatusCodeIsABadStatusLine() {
    var e = failThroughPool(raw("HTTP/1.1 400.100 Not Ok\r\n\r\n"), false);
    assertThat(e).isInstanceOf(BadStatusLineException.class);
  }

  @Test
  void twoContentLengthsAreAProtocolError() {
    var e = failThroughPool(raw("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
        false);
    assertThat(e).isInstanceOf(HttpProtocolException.class).isNotInstanceOf(BadStatusLineException.class);
    assertThat(((HttpCodecException) e.getCause()).status()).isEqualTo(400);
  }

  @Test
  void aFloodOfInterimResponsesIsCut() {
    MockResponse.Builder flood = MockResponse.builder();
    for (int i = 0; i < 1000; i++) {
      flood.informational(100, Headers.empty());
    }
    var e = failThroughPool(flood.build(), false);
    assertThat(e).isInstanceOf(HttpProtocolException.class)
        .hasMessageContaining("waiting for the response head");
  }

  @Test
  void tooManyHeaderFieldsAreCut() {
    MockResponse.Builder many = MockResponse.builder();
    for (int i = 0; i < 500; i++) {
      many.header("X-a", "b");
    }
    var e = failThroughPool(many.build(), false);
    assertThat(e).isInstanceOf(HttpProtocolException.class).hasMessageContaining("more than 100 fields");
    assertThat(((HttpCodecException) e.getCause()).status()).isEqualTo(431);
  }

  @Test
  void aStatusLinePastItsLimitIsALineTooLong() {
    var e = failThroughPool(MockResponse.builder().status(200, "x".repeat(10_000)).build(), false);
    assertThat(e).isInstanceOf(LineTooLongException.class).hasMessageContaining("/fault");
    assertThat(((LineTooLongException) e).what()).isEqualTo("status line");
    assertThat(((LineTooLongException) e).limit()).isEqualTo(Limits.defaults().maxStartLineLength());
  }
}
