package dev.courier;

import dev.courier.error.ReadTimeoutException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testsupport.ScriptedServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The session over the network: one pool keyed by route, each request's timeouts on the socket. */
class ClientExchangerTest {
  /** Keep-alive: "ok" to every request; {@code /slow} only after 1.5 s, far past a 200 ms read timeout. */
  private static ScriptedServer server() throws Exception {
    return ScriptedServer.start(peer -> {
      ScriptedServer.Request request;
      while ((request = peer.readRequest()) != null) {
        if (request.requestLine().contains("/slow")) peer.stall(1_500);
        peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      }
    });
  }

  @Test
  void requestsWithTheirOwnTimeoutsReuseTheSessionsConnection() throws Exception {
    try (ScriptedServer server = server(); Session s = Session.create()) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      assertThat(s.get(url).text()).isEqualTo("ok");
      for (int i = 1; i <= 10; i++) {
        Timeouts own = Timeouts.of(Duration.ofSeconds(i), Duration.ofSeconds(20 + i));
        assertThat(s.send(Request.get(url).timeouts(own).build()).text()).isEqualTo("ok");
      }
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void aRequestsShortReadTimeoutEndsThatRequestOnly() throws Exception {
    try (ScriptedServer server = server(); Session s = Session.create()) {
      String base = "http://127.0.0.1:" + server.port();
      assertThat(s.get(base + "/").text()).isEqualTo("ok");
      Timeouts impatient = Timeouts.defaults().withRead(Duration.ofMillis(200));
      assertThatThrownBy(() -> s.send(Request.get(base + "/slow").timeouts(impatient).build()))
          .isInstanceOf(ReadTimeoutException.class)
          .satisfies(e -> assertThat(((ReadTimeoutException) e).timeout()).isEqualTo(Duration.ofMillis(200)));
      assertThat(server.connections()).isEqualTo(1); // it timed out on the reused connection
      assertThat(s.get(base + "/slow").text()).isEqualTo("ok"); // the session's 30 s again
    }
  }
}
