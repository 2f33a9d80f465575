package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.NameResolutionException;
import dev.courier.net.Blackhole;
import dev.courier.net.Dns;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A session's pluggable resolver, and Happy Eyeballs behind it. */
class DnsTest {
  @Test
  void aSessionResolvesThroughItsDnsAndRacesPastABlackholedAddress() throws IOException {
    try (HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
        Blackhole hole = Blackhole.on(InetAddress.getByName("127.0.0.2"), server.port())) {
      List<String> asked = new CopyOnWriteArrayList<>();
      Dns dns = host -> {
        asked.add(host);
        return List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1"));
      };
      try (Session s = Session.builder().dns(dns).build()) {
        Response r = s.get("http://api.eyeballs.test:" + server.port() + "/headers");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.json().at("/headers/Host").asText()).isEqualTo("api.eyeballs.test:" + server.port());
      }
      assertThat(asked).containsExactly("api.eyeballs.test");
    }
  }

  @Test
  void aResolverFailureIsANameResolutionError() {
    Dns none = host -> {
      throw new UnknownHostException(host);
    };
    try (Session s = Session.builder().dns(none).build()) {
      assertThatThrownBy(() -> s.get("http://nowhere.test/")).isInstanceOf(NameResolutionException.class)
          .hasMessageContaining("nowhere.test");
    }
  }
}
