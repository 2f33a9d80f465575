package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyRulesTest {
  @Test
  void parsesProxyUrls() {
    Proxy http = Proxy.parse("http://alice:s%40cret@proxy.corp:3128");
    assertThat(http.type()).isEqualTo(Proxy.Type.HTTP);
    assertThat(http.host()).isEqualTo("proxy.corp");
    assertThat(http.port()).isEqualTo(3128);
    assertThat(http.username()).contains("alice");
    assertThat(http.password()).isEqualTo("s@cret");
    assertThat(http.basicAuthorization()).contains("Basic YWxpY2U6c0BjcmV0");
    assertThat(http).hasToString("http://****@proxy.corp:3128");

    assertThat(Proxy.parse("proxy.corp:8080")).isEqualTo(Proxy.http("proxy.corp", 8080));
    assertThat(Proxy.parse("http://proxy.corp").port()).isEqualTo(80);
    assertThat(Proxy.parse("https://proxy.corp").isSecure()).isTrue();
    Proxy socks = Proxy.parse("socks5://[::1]");
    assertThat(socks.type()).isEqualTo(Proxy.Type.SOCKS5);
    assertThat(socks.host()).isEqualTo("::1");
    assertThat(socks.port()).isEqualTo(1080);
    assertThat(socks.resolvesRemotely()).isFalse();
    assertThat(Proxy.parse("socks5h://127.0.0.1:9050").resolvesRemotely()).isTrue();
    assertThatThrownBy(() -> Proxy.parse("socks4://h:1")).hasMessageContaining("unsupported proxy scheme");
  }

  @Test
  void readsTheEnvironmentLikeCurlAndRequests() {
    ProxyRules rules = ProxyRules.fromEnvironment(Map.of(
        "http_proxy", "http://lower:1",
        "HTTP_PROXY", "http://upper:2",
        "HTTPS_PROXY", "http://secure:3",
        "NO_PROXY", "localhost, .internal.example,10.0.0.0/8"));
    assertThat(rules.select("http", "example.com", 80)).isEqualTo(Proxy.http("lower", 1));
    assertThat(rules.select("https", "example.com", 443)).isEqualTo(Proxy.http("secure", 3));
    assertThat(rules.select("https", "api.internal.example", 443).isDirect()).isTrue();
    assertThat(rules.select("http", "internal.example", 80).isDirect()).isTrue();
    assertThat(rules.select("http", "10.9.8.7", 80).isDirect()).isTrue();
    assertThat(rules.select("http", "localhost", 8080).isDirect()).isTrue();
    assertThat(rules.select("ftp", "example.com", 21).isDirect()).isTrue();
  }

  @Test
  void allProxyIsTheFallbackAndEmptyMeansUnset() {
    ProxyRules rules = ProxyRules.fromEnvironment(Map.of(
        "https_proxy", "", "ALL_PROXY", "socks5h://tor:9050"));
    assertThat(rules.select("https", "example.com", 443)).isEqualTo(Proxy.parse("socks5h://tor:9050"));
    assertThat(rules.select("http", "example.com", 80).type()).isEqualTo(Proxy.Type.SOCKS5);
    assertThat(ProxyRules.fromEnvironment(Map.of()).select("http", "a", 80).isDirect()).isTrue();
  }

  @Test
  void upperCaseHttpProxyIsIgnoredInCgi() {
    ProxyRules rules = ProxyRules.fromEnvironment(Map.of(
        "REQUEST_METHOD", "GET", "HTTP_PROXY", "http://attacker:1", "HTTPS_PROXY", "http://ok:2"));
    assertThat(rules.select("http", "example.com", 80).isDirect()).isTrue();
    assertThat(rules.select("https", "example.com", 443)).isEqualTo(Proxy.http("ok", 2));
  }

  @Test
  void badProxyNamesTheVariable() {
    assertThatThrownBy(() -> ProxyRules.fromEnvironment(Map.of("https_proxy", "ftp://x")))
        .hasMessageContaining("https_proxy");
  }

  @Test
  void noProxyRules() {
    NoProxy rules = NoProxy.parse("example.com,*.wild.test,.dot.test,host:8080,[::1]:9000,"
        + "192.168.0.0/16,fd00::/8,127.0.0.1, UPPER.test.");
    assertThat(rules.matches("example.com", 80)).isTrue();
    assertThat(rules.matches("www.example.com", 443)).isTrue();
    assertThat(rules.matches("EXAMPLE.COM.", 443)).isTrue();
    assertThat(rules.matches("badexample.com", 80)).isFalse();
    assertThat(rules.matches("a.wild.test", 80)).isTrue();
    assertThat(rules.matches("wild.test", 80)).isTrue();
    assertThat(rules.matches("x.dot.test", 80)).isTrue();
    assertThat(rules.matches("host", 8080)).isTrue();
    assertThat(rules.matches("host", 80)).isFalse();
    assertThat(rules.matches("::1", 9000)).isTrue();
    assertThat(rules.matches("[::1]", 9000)).isTrue();
    assertThat(rules.matches("::1", 9001)).isFalse();
    assertThat(rules.matches("192.168.200.1", 80)).isTrue();
    assertThat(rules.matches("192.169.0.1", 80)).isFalse();
    assertThat(rules.matches("fd12:3456::1", 80)).isTrue();
    assertThat(rules.matches("fe80::1", 80)).isFalse();
    assertThat(rules.matches("127.0.0.1", 5000)).isTrue();
    assertThat(rules.matches("127.0.0.2", 5000)).isFalse();
    assertThat(rules.matches("upper.test", 1)).isTrue();
    assertThat(NoProxy.parse("*").matches("anything", 1)).isTrue();
    assertThat(NoProxy.parse("10.0.0.0/33,bad/8,[x").isEmpty()).isTrue();
    assertThat(NoProxy.parse("10.0.0.0/7").matches("11.1.1.1", 1)).isTrue();
    assertThat(NoProxy.none().matches("localhost", 80)).isFalse();
  }

  @Test
  void routesForUrlsFollowTheRules() {
    ProxyRules rules = ProxyRules.fromEnvironment(Map.of("HTTPS_PROXY", "http://p:3128",
        "NO_PROXY", "internal.test"));
    Route api = Route.of(dev.courier.http.Url.parse("https://api.example.com/v1"), rules,
        dev.courier.net.TlsSettings.defaults());
    assertThat(api.isHttps()).isTrue();
    assertThat(api.port()).isEqualTo(443);
    assertThat(api.needsTunnel()).isTrue();
    assertThat(api.authority()).isEqualTo("api.example.com");
    Route internal = Route.of(dev.courier.http.Url.parse("https://x.internal.test:8443/"), rules,
        dev.courier.net.TlsSettings.defaults());
    assertThat(internal.proxy().isDirect()).isTrue();
    assertThat(internal.authority()).isEqualTo("x.internal.test:8443");
    Route v6 = Route.of(dev.courier.http.Url.parse("http://[::1]:8080/"), rules,
        dev.courier.net.TlsSettings.defaults());
    assertThat(v6.authority()).isEqualTo("[::1]:8080");
    assertThat(v6.usesAbsoluteForm()).isFalse();
  }
}
