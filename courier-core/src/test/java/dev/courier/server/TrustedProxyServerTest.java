package dev.courier.server;

import dev.courier.server.httpbin.HttpBin;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** httpbin's origin and absolute redirects, and the access log, from a proxy trusted or not. */
class TrustedProxyServerTest {
  HttpServer server;
  final List<String> logged = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  void start(List<String> trusted) throws IOException {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).trustedProxies(trusted)
        .accessLog(AccessLog.to(logged::add)).start();
  }

  String call(String request) throws IOException {
    try (Raw raw = new Raw(server.port())) {
      return raw.send(request).readResponse();
    }
  }

  @Test
  void aClientCannotSpoofItsAddressOrOriginWhenNoProxyIsTrusted() throws IOException {
    start(List.of());
    String ip = call("GET /ip HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 6.6.6.6\r\nForwarded: for=7.7.7.7\r\n\r\n");
    assertThat(ip).contains("\"origin\" : \"127.0.0.1\"").doesNotContain("6.6.6.6", "7.7.7.7");
    String redirect = call("GET /absolute-redirect/1 HTTP/1.1\r\nHost: evil.example\r\n"
        + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\n\r\n");
    assertThat(redirect).contains("Location: http://127.0.0.1:" + server.port() + "/get").doesNotContain("evil");
    assertThat(logged).allMatch(line -> line.startsWith("127.0.0.1 "));
  }

  @Test
  void aTrustedProxySetsTheClientTheSchemeAndTheHost() throws IOException {
    start(List.of("127.0.0.0/8"));
    String ip = call("GET /ip HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 6.6.6.6, 198.51.100.7\r\n\r\n");
    assertThat(ip).contains("\"origin\" : \"198.51.100.7\"");
    String redirect = call("GET /absolute-redirect/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Forwarded: for=198.51.100.7;proto=https;host=shop.example\r\n\r\n");
    assertThat(redirect).contains("Location: https://shop.example/get");
    // nginx's usual setup: Host passed on, X-Forwarded-Proto set
    String viaHost = call("GET /absolute-redirect/1 HTTP/1.1\r\nHost: shop.example\r\n"
        + "X-Forwarded-For: 198.51.100.7\r\nX-Forwarded-Proto: https\r\n\r\n");
    assertThat(viaHost).contains("Location: https://shop.example/get");
    assertThat(logged).allMatch(line -> line.startsWith("198.51.100.7 "));
  }

  @Test
  void aProxyTrustedForOtherAddressesIsNotTrustedFromHere() throws IOException {
    start(List.of("10.0.0.0/8"));
    String ip = call("GET /ip HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 198.51.100.7\r\n\r\n");
    assertThat(ip).contains("\"origin\" : \"127.0.0.1\"");
  }

  @Test
  void theReadmeExampleAnswersWithTheForwardedClient() throws IOException {
    // README, "Serve files": the example with port(0) and loopback added
    server = HttpServer.builder().bind("127.0.0.1").port(0)
        .trustedProxies(List.of("127.0.0.1", "10.0.0.0/8"))  // default: none
        .minWriteRate(1024, Duration.ofSeconds(30))           // slow readers are cut off (the default)
        .handler(request -> ServerResponse.ok("hello " + request.clientAddress().getHostAddress()))
        .start();
    assertThat(call("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 198.51.100.7\r\n\r\n"))
        .endsWith("hello 198.51.100.7");
  }
}
