package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.Timeouts;
import dev.courier.error.BadStatusLineException;
import dev.courier.error.ConnectionResetException;
import dev.courier.error.CourierException;
import dev.courier.error.IncompleteReadException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.RemoteDisconnectedException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each {@link Fault}, seen from Courier's client: the failure surfaces as the {@code
 * dev.courier.error} type a user would catch, and the server stays usable for the next request.
 */
class MockServerFaultTest {
  private static final String BODY = "0123456789abcdefghij";

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

  private CourierException failure(Fault fault) {
    server.enqueue(MockResponse.builder().body(BODY).fault(fault).build());
    server.enqueue(MockResponse.text("after"));
    CourierException thrown = org.junit.jupiter.api.Assertions.assertThrows(CourierException.class,
        () -> session.get(server.url("/fault")));
    // the fault ended that connection only: the next request works on a new one
    assertThat(session.get(server.url("/after")).text()).isEqualTo("after");
    return thrown;
  }

  @Test
  void closeAtStartIsRemoteDisconnectedWithoutRecordingARequest() {
    var e = failure(Fault.CLOSE_AT_START);
    assertThat(e).isInstanceOf(RemoteDisconnectedException.class);
    assertThat(server.takeRequest().path()).isEqualTo("/after");
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void closeAtStartFromADispatcherComesAfterTheRequest() {
    server.dispatcher(request -> MockResponse.builder().fault(Fault.CLOSE_AT_START).build());
    assertThatThrownBy(() -> session.get(server.url("/late")))
        .isInstanceOf(RemoteDisconnectedException.class);
    assertThat(server.takeRequest().path()).isEqualTo("/late");
  }

  @Test
  void closeAfterRequestIsRemoteDisconnectedAfterTheServerSawIt() {
    var e = failure(Fault.CLOSE_AFTER_REQUEST);
    assertThat(e).isInstanceOf(RemoteDisconnectedException.class);
    assertThat(e.mayHaveReachedServer()).isTrue();
    assertThat(server.takeRequest().path()).isEqualTo("/fault");
  }

  @Test
  void closeAfterHeadIsAnIncompleteRead() {
    var e = failure(Fault.CLOSE_AFTER_HEAD);
    assertThat(e).isInstanceOf(IncompleteReadException.class);
    assertThat(((IncompleteReadException) e).received()).isZero();
    assertThat(((IncompleteReadException) e).expected()).hasValue(BODY.length());
  }

  @Test
  void closeMidBodyIsAnIncompleteReadCountingHalfTheBody() {
    var e = (IncompleteReadException) failure(Fault.CLOSE_MID_BODY);
    assertThat(e.received()).isEqualTo(BODY.length() / 2);
    assertThat(e.expected()).hasValue(BODY.length());
  }

  @Test
  void resetAfterRequestIsAConnectionReset() {
    var e = failure(Fault.RESET_AFTER_REQUEST);
    assertThat(e).isInstanceOf(ConnectionResetException.class);
  }

  @Test
  void resetMidBodyIsAConnectionFailure() {
    var e = failure(Fault.RESET_MID_BODY);
    assertThat(e).isInstanceOfAny(ConnectionResetException.class, IncompleteReadException.class);
  }

  @Test
  void truncatedChunkIsAnIncompleteRead() {
    var e = (IncompleteReadException) failure(Fault.TRUNCATED_CHUNK);
    assertThat(e.received()).isEqualTo(BODY.length() / 2);
    assertThat(e.expected()).isEmpty();
  }

  @Test
  void garbageIsABadStatusLine() {
    server.enqueue(MockResponse.builder().fault(Fault.GARBAGE).build());
    assertThatThrownBy(() -> session.get(server.url("/")))
        .isInstanceOf(BadStatusLineException.class).hasMessageContaining("SSH-2.0-NotHttp");
  }

  @Test
  void stallFiresTheReadTimeout() {
    server.enqueue(MockResponse.builder().fault(Fault.STALL).build());
    try (Session impatient = Session.builder()
        .timeouts(Timeouts.of(Duration.ofSeconds(5)).withRead(Duration.ofMillis(300))).build()) {
      assertThatThrownBy(() -> impatient.get(server.url("/stall")))
          .isInstanceOf(ReadTimeoutException.class).hasMessageContaining("/stall");
    }
  }

  @Test
  void ignoringTheBodyAnswersAnUploadEarlyAndClosesTheConnection() {
    server.enqueue(MockResponse.builder().status(413).fault(Fault.IGNORE_REQUEST_BODY).build());
    server.enqueue(MockResponse.text("next"));
    Response rejected = session.send(Request.post(server.url("/upload"))
        .header("Expect", "100-continue").body(dev.courier.Body.of(new byte[64 * 1024])).build());
    assertThat(rejected.statusCode()).isEqualTo(413);
    assertThat(rejected.header("Connection")).hasValue("close");
    RecordedRequest upload = server.takeRequest();
    assertThat(upload.bodySize()).isZero();
    assertThat(session.get(server.url("/next")).text()).isEqualTo("next");
    assertThat(server.takeRequest().connectionIndex()).isEqualTo(1);
  }
}
