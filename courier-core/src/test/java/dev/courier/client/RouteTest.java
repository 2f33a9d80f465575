package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.net.TlsSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A route is the pool's key: routes are equal exactly when every part that decides a connection is. */
class RouteTest {
  @Test
  void equalRoutesAreEqualWhateverTheCaseOfSchemeAndHost() {
    Route route = Route.https("api.example.com", 443);
    Route same = new Route("HTTPS", "API.Example.com", 443, Proxy.direct(),
        Optional.of(TlsSettings.defaults()), Optional.empty());

    assertThat(same).isEqualTo(route).hasSameHashCodeAs(route);
  }

  @Test
  void routesDifferingInAnyPartAreNotEqual() {
    Route route = Route.https("api.example.com", 443);
    List<Route> others = List.of(
        Route.http("api.example.com", 443),
        Route.https("www.example.com", 443),
        Route.https("api.example.com", 8443),
        route.withProxy(Proxy.parse("http://proxy.example:3128")),
        route.withTls(TlsSettings.builder().insecureTrustAll().build()),
        route.withUnixSocket(Path.of("/run/api.sock")));

    for (Route other : others) {
      assertThat(other).as(other.toString()).isNotEqualTo(route);
      assertThat(route).as(other.toString()).isNotEqualTo(other);
    }
    assertThat(route).isNotEqualTo(null).isNotEqualTo("https://api.example.com:443");
  }
}
