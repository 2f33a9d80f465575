package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forwarding fields believed only from trusted proxies, read from the right (RFC 7239). */
class ForwardedHeadersTest {
  static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "192.0.2.1", "2001:db8::/32"));

  static InetAddress ip(String literal) {
    return dev.courier.net.IpLiteral.parse(literal);
  }

  static ForwardedHeaders.Forwarding resolve(String peer, String... fields) {
    return ForwardedHeaders.resolve(PROXIES, ip(peer), Headers.of(fields));
  }

  static String client(String peer, String... fields) {
    ForwardedHeaders.Forwarding f = resolve(peer, fields);
    return f == null ? null : f.client().getHostAddress();
  }

  @Test
  void fieldsFromAnUntrustedPeerAreIgnored() {
    assertThat(resolve("203.0.113.9", "X-Forwarded-For", "1.2.3.4", "X-Forwarded-Proto", "https")).isNull();
    assertThat(resolve("203.0.113.9", "Forwarded", "for=1.2.3.4;proto=https;host=evil.example")).isNull();
  }

  @Test
  void theRightmostAddressThatIsNotATrustedProxyIsTheClient() {
    // The client wrote "6.6.6.6" itself; the edge proxy 10.0.0.2 appended the real 198.51.100.7.
    assertThat(client("10.0.0.1", "X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.0.0.2")).isEqualTo("198.51.100.7");
    assertThat(client("10.0.0.1", "Forwarded", "for=6.6.6.6, for=198.51.100.7, for=10.0.0.2")).isEqualTo("198.51.100.7");
    // several field lines are one list, in order (RFC 9110 section 5.3)
    assertThat(client("10.0.0.1", "X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "198.51.100.7")).isEqualTo("198.51.100.7");
  }

  @Test
  void aChainOfTrustedProxiesEndsAtTheLeftmostAddressWhenAllAreTrusted() {
    assertThat(client("10.0.0.1", "X-Forwarded-For", "10.0.0.3, 10.0.0.2")).isEqualTo("10.0.0.3");
  }

  @Test
  void protoAndHostComeFromTheHopTheClientReached() {
    ForwardedHeaders.Forwarding f = resolve("10.0.0.1",
        "Forwarded", "for=6.6.6.6;proto=http;host=evil.example, for=198.51.100.7;proto=https;host=shop.example, for=10.0.0.2;proto=http");
    assertThat(f.client().getHostAddress()).isEqualTo("198.51.100.7");
    assertThat(f.scheme()).isEqualTo("https");
    assertThat(f.authority()).isEqualTo("shop.example");
    ForwardedHeaders.Forwarding x = resolve("10.0.0.1",
        "X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "HTTPS", "X-Forwarded-Host", "Shop.Example:8443");
    assertThat(x.scheme()).isEqualTo("https");
    assertThat(x.authority()).isEqualTo("shop.example:8443");
  }

  @Test
  void ipv6NodesWithAndWithoutPorts() {
    assertThat(client("2001:db8::1", "Forwarded", "for=\"[2001:db8:cafe::17]:4711\"")).isEqualTo("2001:db8:cafe:0:0:0:0:17");
    assertThat(client("2001:db8::1", "X-Forwarded-For", "198.51.100.7:5555")).isEqualTo("198.51.100.7");
    assertThat(client("2001:db8::1", "X-Forwarded-For", "2a00:1450::5")).isEqualTo("2a00:1450:0:0:0:0:0:5");
  }

  @Test
  void unknownObfuscatedOrMalformedHopsEndTheWalkAtTheLastKnownAddress() {
    // RFC 7239 section 6: "unknown" and "_hidden" name no address; the proxy that wrote them is what we know.
    assertThat(client("10.0.0.1", "Forwarded", "for=unknown")).isEqualTo("10.0.0.1");
    assertThat(client("10.0.0.1", "Forwarded", "for=1.2.3.4, for=_hidden, for=10.0.0.2")).isEqualTo("10.0.0.2");
    for (String bad : List.of("for=1.2.3.4;for=5.6.7.8", "for=\"1.2.3.4", "for=1.2.3.4 junk", "=1.2.3.4",
        "for=01.2.3.4", "for=1.2.3", "for=0x7f.0.0.1", "for=localhost", "for=1.2.3.4:http", "for=[::1")) {
      assertThat(client("10.0.0.1", "Forwarded", bad)).as(bad).isEqualTo("10.0.0.1");
    }
    for (String bad : List.of("", "not-an-ip", "1.2.3.4.5", "256.0.0.1", "1.2.3.4 5.6.7.8")) {
      assertThat(client("10.0.0.1", "X-Forwarded-For", bad)).as(bad).isEqualTo("10.0.0.1");
    }
    // a broken element on the left does not hide a good one on the right
    assertThat(client("10.0.0.1", "Forwarded", "for=\"x\"y, for=198.51.100.7")).isEqualTo("198.51.100.7");
  }

  @Test
  void malformedProtoAndHostAreIgnored() {
    ForwardedHeaders.Forwarding f = resolve("10.0.0.1",
        "X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "javascript", "X-Forwarded-Host", "evil.example/path");
    assertThat(f.client().getHostAddress()).isEqualTo("198.51.100.7");
    assertThat(f.scheme()).isNull();
    assertThat(f.authority()).isNull();
    assertThat(resolve("10.0.0.1", "Forwarded", "for=198.51.100.7;host=\"a@b\"").authority()).isNull();
  }

  @Test
  void trustedRangesMatchByPrefix() {
    TrustedProxies t = TrustedProxies.of(List.of("10.1.0.0/16", "192.168.1.7", "fd00::/8", "172.16.0.0/12"));
    assertThat(t.contains(ip("10.1.255.3"))).isTrue();
    assertThat(t.contains(ip("10.2.0.1"))).isFalse();
    assertThat(t.contains(ip("192.168.1.7"))).isTrue();
    assertThat(t.contains(ip("192.168.1.8"))).isFalse();
    assertThat(t.contains(ip("172.31.0.1"))).isTrue();
    assertThat(t.contains(ip("172.32.0.1"))).isFalse();
    assertThat(t.contains(ip("fdab::1"))).isTrue();
    assertThat(t.contains(ip("fe80::1"))).isFalse();
    assertThat(t.contains(ip("::ffff:10.1.0.1"))).isTrue(); // IPv4-mapped is the IPv4 address
    assertThat(TrustedProxies.NONE.contains(ip("127.0.0.1"))).isFalse();
    for (String bad : List.of("proxy.example", "10.0.0.0/33", "10.0.0.0/", "1.2.3", "::1/129", "10.0.0.1/-1")) {
      assertThatThrownBy(() -> TrustedProxies.of(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
