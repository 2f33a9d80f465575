package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Courier;
import dev.courier.Session;
import java.util.Map;
import dev.courier.error.ConnectFailedException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JUnit 5 extension injects started servers and closes them after each test. */
class MockServerExtensionTest {
  private static MockServer previous;

  @Nested
  @ExtendWith(MockServerExtension.class)
  class WithExtendWith {
    @Test
    void injectsAStartedServer(MockServer server) {
      server.enqueue(MockResponse.json(Map.of("ok", true)));
      assertThat(Courier.get(server.url("/x")).json().get("ok").asBoolean()).isTrue();
      assertThat(server.takeRequest().path()).isEqualTo("/x");
    }

    @Test
    void injectsAnHttpsServerWhenAsked(@MockServerExtension.Https MockServer server) {
      server.enqueue(MockResponse.text("tls"));
      try (Session session = Session.builder().tls(server.tlsSettings()).build()) {
        assertThat(session.get(server.url("/")).text()).isEqualTo("tls");
      }
    }
  }

  @Nested
  @CourierTest
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class WithCourierTest {
    @Test
    @Order(1)
    void eachParameterGetsItsOwnServer(MockServer first, MockServer second) {
      assertThat(first.port()).isNotEqualTo(second.port());
      previous = first;
    }

    @Test
    @Order(2)
    void aTransportParameterGetsAFreshTransport(MockTransport transport) {
      transport.enqueue(MockResponse.text("in memory"));
      try (Session session = transport.session()) {
        assertThat(session.get("https://api.test/x").text()).isEqualTo("in memory");
      }
      transport.assertCalled(RequestPattern.get("/x"), 1);
    }

    @Test
    @Order(3)
    void theServersOfTheTestBeforeAreClosed() {
      assertThat(previous).isNotNull();
      assertThatThrownBy(() -> Courier.get(previous.url("/")))
          .isInstanceOf(ConnectFailedException.class);
    }
  }

  @Test
  void theFailureReportListsTheRequestsReceived() {
    try (MockServer server = MockServer.start()) {
      server.enqueue(MockResponse.text("a"));
      Courier.get(server.url("/first?q=1")).text();
      String report = MockServerExtension.report("myTest()", server);
      assertThat(report).startsWith("myTest() failed; MockServer[http://127.0.0.1:")
          .contains("#0 (connection 0, #0) GET /first?q=1 HTTP/1.1");
    }
    try (MockServer idle = MockServer.start()) {
      assertThat(MockServerExtension.report("t()", idle)).endsWith("received: nothing");
    }
    MockTransport transport = MockTransport.create().enqueue(MockResponse.status(204));
    try (Session session = transport.session()) {
      session.delete("https://api.test/items/1");
    }
    assertThat(MockServerExtension.report("t()", transport))
        .isEqualTo("t() failed; MockTransport[1 requests, 0 queued] received:\n"
            + "  #0 (connection 0, #0) DELETE https://api.test/items/1 HTTP/1.1\n"
            + "    " + transport.receivedRequests().get(0).headers().toString().replace("\n", "\n    "));
  }
}
