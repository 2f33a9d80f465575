package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testsupport.NginxPeer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The API against a real nginx: keep-alive reuse, gzip, HEAD, keepalive_requests under load. */
class SessionNginxTest {
  private static final String TEXT = "line of text that compresses well\n".repeat(2000);

  @Test
  void keepAliveGzipAndHead() throws Exception {
    try (NginxPeer nginx = NginxPeer.builder().file("a.txt", TEXT).file("data.json", "{\"ok\":true}").start();
        Session s = Session.create()) {
      String base = "http://127.0.0.1:" + nginx.port();
      Set<String> connections = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        Response r = s.get(base + "/a.txt");
        assertThat(r.text()).isEqualTo(TEXT);
        assertThat(r.header("Content-Encoding")).contains("gzip");
        connections.add(r.header("X-Connection").orElseThrow());
      }
      assertThat(connections).as("one kept-alive connection").hasSize(1);
      Response head = s.head(base + "/a.txt");
      assertThat(head.bytes()).isEmpty();
      assertThat(s.get(base + "/data.json").json().get("ok").asBoolean()).isTrue();
      assertThat(s.get(base + "/missing").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void keepaliveRequestsClosingConnectionsUnderLoadIsInvisible() throws Exception {
    try (NginxPeer nginx = NginxPeer.builder().keepaliveRequests(3).file("a.txt", "small").start();
        Session s = Session.create()) {
      String url = "http://127.0.0.1:" + nginx.port() + "/a.txt";
      List<CompletableFuture<Response>> calls = IntStream.range(0, 200)
          .mapToObj(i -> s.sendAsync(Request.get(url).build())).toList();
      for (CompletableFuture<Response> call : calls) assertThat(call.get().text()).isEqualTo("small");
    }
  }
}
