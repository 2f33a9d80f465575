package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.courier.Body;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.Timeouts;
import dev.courier.client.HttpConnection;
import dev.courier.client.HttpResponse;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.Headers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a {@link MockResponse} scripts, and what {@link MockServer} records, seen from clients. */
class MockServerTest {
  private MockServer server;
  private Session session;

  @BeforeEach
  void start() {
    server = MockServer.start();
    session = Session.builder().timeouts(Timeouts.of(Duration.ofSeconds(5))).build();
  }

  @AfterEach
  void stop() {
    session.close();
    server.close();
  }

  @Test
  void urlPointsAtTheServerOnLoopback() {
    assertThat(server.url("/a?b=1")).isEqualTo("http://127.0.0.1:" + server.port() + "/a?b=1");
    assertThat(server.url("a")).endsWith(server.port() + "/a");
    assertThat(server.port()).isPositive();
  }

  @Test
  void queuedResponsesAreUsedInOrderThenTheDefaultIs404() {
    server.enqueue(MockResponse.text("one"));
    server.enqueue(MockResponse.builder().status(201).header("Location", "/two").build());
    assertThat(session.get(server.url("/")).text()).isEqualTo("one");
    Response second = session.get(server.url("/"));
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.header("Location")).hasValue("/two");
    Response unmatched = session.get(server.url("/missing"));
    assertThat(unmatched.statusCode()).isEqualTo(404);
    assertThat(unmatched.text()).contains("GET /missing");
  }

  @Test
  void aDispatcherRoutesWhenTheQueueIsEmpty() {
    server.dispatcher(request -> switch (request.path()) {
      case "/users" -> MockResponse.json(List.of("ada", "grace"));
      default -> MockResponse.status(418);
    });
    server.enqueue(MockResponse.text("queued first"));
    assertThat(session.get(server.url("/users")).text()).isEqualTo("queued first");
    Response users = session.get(server.url("/users"));
    assertThat(users.json(new TypeReference<List<String>>() {})).containsExactly("ada", "grace");
    assertThat(users.header("Content-Type")).hasValue("application/json");
    assertThat(session.get(server.url("/teapot")).statusCode()).isEqualTo(418);
  }

  @Test
  void aFailingDispatcherAnswers500WithTheReasonAndFailsClose() {
    try (MockServer failing = MockServer.start()) {
      failing.dispatcher(request -> {
        throw new IllegalStateException("boom");
      });
      Response response = session.get(failing.url("/"));
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.text()).contains("boom");
      assertThatThrownBy(failing::close).isInstanceOf(AssertionError.class)
          .hasMessageContaining("the dispatcher failed on GET / HTTP/1.1: java.lang.IllegalStateException: boom");
    }
  }

  @Test
  void failOnUnmatchedAnswers500AndFailsClose() {
    try (MockServer strict = MockServer.builder().failOnUnmatched().start()) {
      assertThat(session.get(strict.url("/nothing")).statusCode()).isEqualTo(500);
      assertThatThrownBy(strict::close).isInstanceOf(AssertionError.class)
          .hasMessageContaining("no response for GET /nothing HTTP/1.1");
    }
  }

  @Test
  void aResponseTheCodecRefusesFailsClose() {
    try (MockServer broken = MockServer.start()) {
      broken.enqueue(MockResponse.builder().status(204).header("Content-Length", "3").build());
      assertThatThrownBy(() -> session.get(broken.url("/"))).isInstanceOf(RuntimeException.class);
      assertThatThrownBy(broken::close).isInstanceOf(AssertionError.class)
          .hasMessageContaining("204");
    }
  }

  @Test
  void recordsEveryPartOfTheRequest() {
    Instant before = Instant.now();
    server.enqueue(MockResponse.status(204));
    session.send(Request.post(server.url("/users?page=2&tag=a&tag=b%20c"))
        .header("X-Trace", "t1").body(Body.json(Map.of("name", "Ada"))).build());
    RecordedRequest request = server.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.target()).isEqualTo("/users?page=2&tag=a&tag=b%20c");
    assertThat(request.path()).isEqualTo("/users");
    assertThat(request.queryParameters())
        .containsEntry("page", List.of("2")).containsEntry("tag", List.of("a", "b c"));
    assertThat(request.header("X-Trace")).hasValue("t1");
    assertThat(request.header("Host")).hasValue("127.0.0.1:" + server.port());
    assertThat(request.bodyText()).isEqualTo("{\"name\":\"Ada\"}");
    assertThat(request.bodySize()).isEqualTo(14);
    assertThat(request.bodyTruncated()).isFalse();
    assertThat(request.sequenceNumber()).isZero();
    assertThat(request.tls()).isEmpty();
    assertThat(request.arrivedAt()).isAfterOrEqualTo(before);
    assertThat(request.requestLine()).isEqualTo("POST /users?page=2&tag=a&tag=b%20c HTTP/1.1");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void bodiesAreCappedButCounted() {
    try (MockServer capped = MockServer.builder().bodyLimit(10).start()) {
      capped.enqueue(MockResponse.status(200));
      session.post(capped.url("/"), Body.of(new byte[1000]));
      RecordedRequest request = capped.takeRequest();
      assertThat(request.body()).hasSize(10);
      assertThat(request.bodySize()).isEqualTo(1000);
      assertThat(request.bodyTruncated()).isTrue();
    }
  }

  @Test
  void chunkedRequestBodiesAndTheirTrailersAreRecorded() throws Exception {
    server.enqueue(MockResponse.builder().closeConnection().build());
    RawClient.exchange(server, "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\n2\r\nde\r\n0\r\nDigest: sha-256=x\r\n\r\n");
    RecordedRequest request = server.takeRequest();
    assertThat(request.bodyText()).isEqualTo("abcde");
    assertThat(request.trailers().firstValue("Digest")).hasValue("sha-256=x");
  }

  @Test
  void takeRequestWithATimeoutIsEmptyWhenNothingCame() {
    assertThat(server.takeRequest(Duration.ofMillis(10))).isEmpty();
  }

  @Test
  void sequenceNumbersShowConnectionReuse() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(MockResponse.text("ok"));
      session.get(server.url("/" + i)).text();
    }
    server.enqueue(MockResponse.builder().body("bye").closeConnection().build());
    session.get(server.url("/3")).text();
    server.enqueue(MockResponse.text("fresh"));
    session.get(server.url("/4")).text();
    List<RecordedRequest> all = List.of(server.takeRequest(), server.takeRequest(),
        server.takeRequest(), server.takeRequest(), server.takeRequest());
    assertThat(all).extracting(RecordedRequest::sequenceNumber).containsExactly(0, 1, 2, 3, 4);
    assertThat(all).extracting(RecordedRequest::connectionIndex).containsExactly(0, 0, 0, 0, 1);
    assertThat(all).extracting(RecordedRequest::connectionSequenceNumber)
        .containsExactly(0, 1, 2, 3, 0);
    assertThat(server.connectionCount()).isEqualTo(2);
  }

  @Test
  void bodiesFromBytesTextJsonAndFilesGetTheirContentTypes(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("page.html");
    Files.writeString(page, "<h1>hi</h1>");
    server.enqueue(MockResponse.builder().body(new byte[] {1, 2, 3}).build());
    server.enqueue(MockResponse.text("héllo"));
    server.enqueue(MockResponse.json(Map.of("id", 7)));
    server.enqueue(MockResponse.builder().body(page).build());
    server.enqueue(MockResponse.builder().header("Content-Type", "text/csv").body("a,b").build());

    Response bytes = session.get(server.url("/"));
    assertThat(bytes.bytes()).containsExactly(1, 2, 3);
    assertThat(bytes.header("Content-Type")).hasValue("application/octet-stream");
    Response text = session.get(server.url("/"));
    assertThat(text.text()).isEqualTo("héllo");
    assertThat(text.header("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(session.get(server.url("/")).json().get("id").asInt()).isEqualTo(7);
    Response file = session.get(server.url("/"));
    assertThat(file.text()).isEqualTo("<h1>hi</h1>");
    assertThat(file.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(session.get(server.url("/")).header("Content-Type")).hasValue("text/csv");
  }

  @Test
  void chunkedBodiesUseTheChosenChunkSize() throws Exception {
    server.enqueue(MockResponse.builder().body("abcdefghij").chunked(4).closeConnection().build());
    String raw = RawClient.exchange(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(raw).contains("Transfer-Encoding: chunked\r\n")
        .endsWith("\r\n\r\n4\r\nabcd\r\n4\r\nefgh\r\n2\r\nij\r\n0\r\n\r\n");
    assertThat(raw).doesNotContain("Content-Length");

    server.enqueue(MockResponse.builder().body("abcdefghij").chunked(3).build());
    assertThat(session.get(server.url("/")).text()).isEqualTo("abcdefghij");
  }

  @Test
  void trailersArriveAfterAChunkedBody() {
    server.enqueue(MockResponse.builder().body("data").trailer("Checksum", "c0ffee").build());
    try (HttpConnection connection = new HttpConnection("127.0.0.1", server.port())) {
      connection.request("GET", "/");
      HttpResponse response = connection.getResponse();
      assertThat(response.header("Transfer-Encoding")).hasValue("chunked");
      assertThat(response.read()).asString(StandardCharsets.UTF_8).isEqualTo("data");
      assertThat(response.trailers().firstValue("Checksum")).hasValue("c0ffee");
    }
  }

  @Test
  void informationalResponsesComeBeforeTheFinalOne() throws Exception {
    server.enqueue(MockResponse.builder()
        .informational(103, Headers.of("Link", "</style.css>; rel=preload"))
        .body("page").closeConnection().build());
    String raw = RawClient.exchange(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
        + "HTTP/1.1 200 OK\r\n");

    server.enqueue(MockResponse.builder().informational(103, Headers.empty()).body("page").build());
    assertThat(session.get(server.url("/")).text()).isEqualTo("page");
  }

  @Test
  void aClientExpecting100ContinueGetsIt() throws Exception {
    server.enqueue(MockResponse.builder().status(201).closeConnection().build());
    String raw = RawClient.exchange(server,
        "PUT /f HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi");
    assertThat(raw).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n");
    assertThat(server.takeRequest().bodyText()).isEqualTo("hi");

    server.enqueue(MockResponse.status(201));
    Response response = session.send(Request.put(server.url("/f")).header("Expect", "100-continue")
        .body(Body.text("hello")).build());
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(server.takeRequest().bodyText()).isEqualTo("hello");
  }

  @Test
  void aDelayedHeadOutlastsAShortReadTimeout() {
    server.enqueue(MockResponse.builder().body("late").delayHead(Duration.ofSeconds(3)).build());
    try (Session impatient = Session.builder()
        .timeouts(Timeouts.of(Duration.ofSeconds(5)).withRead(Duration.ofMillis(200))).build()) {
      assertThatThrownBy(() -> impatient.get(server.url("/slow")))
          .isInstanceOf(ReadTimeoutException.class);
    }
    server.enqueue(MockResponse.builder().body("soon").delayHead(Duration.ofMillis(20)).build());
    assertThat(session.get(server.url("/")).text()).isEqualTo("soon");
  }

  @Test
  void closeEndsADelayedResponseAtOnce() throws Exception {
    MockServer slow = MockServer.start();
    slow.enqueue(MockResponse.builder().body("never").delayHead(Duration.ofHours(1)).build());
    try (Session patient = Session.builder().timeouts(Timeouts.of(Duration.ofSeconds(30))).build()) {
      var pending = patient.sendAsync(Request.get(slow.url("/")).build());
      slow.takeRequest();
      slow.close();
      assertThatThrownBy(pending::join).hasCauseInstanceOf(RemoteDisconnectedException.class);
    }
  }

  @Test
  void aThrottledBodyArrivesWholeAndSlowly() {
    server.enqueue(MockResponse.builder().body("0123456789").throttle(3, Duration.ofMillis(5)).build());
    assertThat(session.get(server.url("/")).text()).isEqualTo("0123456789");

    // 4 bytes, then a pause far longer than the read timeout: the body times out midway
    server.enqueue(MockResponse.builder().body("0123456789").throttle(4, Duration.ofSeconds(3)).build());
    try (Session impatient = Session.builder()
        .timeouts(Timeouts.of(Duration.ofSeconds(5)).withRead(Duration.ofMillis(300))).build()) {
      assertThatThrownBy(() -> impatient.get(server.url("/throttled")).text())
          .isInstanceOf(ReadTimeoutException.class);
    }
  }

  @Test
  void headRequestsGetTheLengthButNoBody() throws Exception {
    server.enqueue(MockResponse.builder().body("twelve bytes").closeConnection().build());
    String raw = RawClient.exchange(server, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(raw).contains("Content-Length: 12\r\n").endsWith("\r\n\r\n");
  }

  @Test
  void http10ClientsGetNoChunksAndAClose() throws Exception {
    server.enqueue(MockResponse.builder().body("abc").chunked(1)
        .informational(103, Headers.empty()).build());
    String raw = RawClient.exchange(server, "GET / HTTP/1.0\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 3\r\n")
        .contains("Connection: close\r\n").endsWith("\r\n\r\nabc");
  }

  @Test
  void keepAliveUnlessTheResponseOrTheRequestSaysClose() throws Exception {
    server.enqueue(MockResponse.text("a"));
    server.enqueue(MockResponse.text("b"));
    String raw = RawClient.exchange(server, "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(raw).endsWith("\r\n\r\nb").contains("\r\n\r\na").contains("Connection: close\r\n");
    assertThat(server.takeRequest().connectionSequenceNumber()).isZero();
    assertThat(server.takeRequest().connectionSequenceNumber()).isEqualTo(1);
  }

  @Test
  void aMalformedRequestGets400() throws Exception {
    String raw = RawClient.exchange(server, "GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 400 ").contains("Connection: close");
    assertThat(server.requestCount()).isZero();
  }
}
