package dev.courier.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 9525's name matching, case by case, and beside the JDK's own check (the one endpoint
 * identification {@code "HTTPS"} runs) on every pair of a set of hosts and presented names: the
 * two agree except where RFC 9525 is stricter than the JDK (a wildcard that is part of a label),
 * for a wildcard over one label ({@code *.y}), which Courier refuses whatever the CA, and for a
 * wildcard over a public suffix of more than one label ({@code *.co.uk}), which the JDK
 * refuses when the chain ends at one of its own CAs and Courier does not (see {@link
 * HostnameMatcher}). An IPv4 address matches the same address written IPv4-mapped, as in the JDK.
 */
class HostnameMatcherTest {
  @ParameterizedTest(name = "{0} against {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      example.com            | example.com          | true
      EXAMPLE.com            | example.COM          | true
      example.com.           | example.com          | true
      example.com            | example.com.         | true
      www.example.com        | example.com          | false
      example.com            | www.example.com      | false
      www.example.com        | *.example.com        | true
      WWW.Example.com        | *.EXAMPLE.com        | true
      example.com            | *.example.com        | false
      a.b.example.com        | *.example.com        | false
      .example.com           | *.example.com        | false
      www.example.com        | *.com                | false
      dev.localhost          | *.localhost          | true
      a.dev.localhost        | *.localhost          | false
      example.com            | *.com                | false
      com                    | *                    | false
      www.example.com        | *.*.com              | false
      www.example.com        | w*.example.com       | false
      www.example.com        | *w.example.com       | false
      www.example.com        | www.*.com            | false
      a.b.example.com        | a.*.example.com      | false
      *.example.com          | *.example.com        | false
      xn--bcher-kva.example  | *.example            | false
      xn--bcher-kva.ch.      | *.ch                 | false
      shop.xn--bcher-kva.ch  | *.xn--bcher-kva.ch   | true
      xn--bcher-kva.ch       | xn--bcher-kva.ch     | true
      bücher.ch              | bücher.ch            | false
      example.com            | ''                   | false
      ''                     | example.com          | false
      example..com           | example..com         | false
      """)
  void dnsNames(String host, String presented, boolean expected) {
    assertThat(HostnameMatcher.matches(host, List.of(presented), List.of())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} against {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1                  | 127.0.0.1                 | true
      127.0.0.1                  | 127.0.0.2                 | false
      ::1                        | 0:0:0:0:0:0:0:1           | true
      0:0:0:0:0:0:0:1            | ::1                       | true
      [::1]                      | 0:0:0:0:0:0:0:1           | true
      2001:db8::1                | 2001:DB8:0:0:0:0:0:1      | true
      2001:db8::1                | 2001:db8::2               | false
      ::1%lo                     | 0:0:0:0:0:0:0:1           | false
      127.0.0.1                  | 0:0:0:0:0:ffff:7f00:1     | true
      256.0.0.1                  | 256.0.0.1                 | false
      ::zz                       | ::zz                      | false
      """)
  void ipAddresses(String host, String presented, boolean expected) {
    assertThat(HostnameMatcher.matches(host, List.of(), List.of(presented))).isEqualTo(expected);
  }

  @Test
  void anIpIsNeverMatchedByADnsNameNorADnsNameByAnIp() {
    assertThat(HostnameMatcher.matches("127.0.0.1", List.of("127.0.0.1"), List.of())).isFalse();
    assertThat(HostnameMatcher.matches("localhost", List.of(), List.of("127.0.0.1"))).isFalse();
    assertThat(HostnameMatcher.matches("localhost", List.of("other.test", "localhost"), List.of())).isTrue();
  }

  /**
   * Every host against every name, ours beside the JDK's {@code HostnameChecker} for TLS, the check
   * endpoint identification "HTTPS" runs, with the chain taken to end at a public CA (its strictest
   * wildcard rules). They must agree, except that RFC 9525 refuses a wildcard that is part of a
   * label ({@code w*.example.com}), which the JDK accepts, that Courier refuses a wildcard over
   * one label ({@code *.y}, which the JDK refuses only for a public suffix), and that the JDK's
   * public-suffix rule refuses {@code *.co.uk}.
   */
  @Test
  void agreesWithTheJdkExceptForPartialLabelWildcards() throws Exception {
    Class<?> checkerClass = Class.forName("sun.security.util.HostnameChecker");
    Object checker = checkerClass.getMethod("getInstance", byte.class).invoke(null, (byte) 1); // TYPE_TLS
    Method isMatched = checkerClass.getDeclaredMethod("isMatched", String.class, String.class, boolean.class);
    isMatched.setAccessible(true);
    List<String> hosts = List.of("example.com", "www.example.com", "a.b.example.com", "WWW.EXAMPLE.COM",
        "example.com.", "www.example.co.uk", "example.co.uk", "localhost", "foo.localhost", "xn--bcher-kva.ch",
        "shop.xn--bcher-kva.ch", "a.com", "com", "www-1.example.com", "x.y", "y");
    List<String> names = List.of("example.com", "www.example.com", "*.example.com", "*.com", "*", "*.co.uk",
        "*.example.co.uk", "example.co.uk", "localhost", "*.localhost", "*.xn--bcher-kva.ch", "xn--bcher-kva.ch",
        "w*.example.com", "*w.example.com", "*.*.example.com", "a.*.example.com", "**.example.com",
        "www.example.com.", "EXAMPLE.COM", "*.y", "x.y", "*.");
    int compared = 0;
    for (String host : hosts) {
      for (String name : names) {
        boolean ours = HostnameMatcher.matches(host, List.of(name), List.of());
        boolean jdk = (boolean) isMatched.invoke(checker, host.endsWith(".") ? host.substring(0, host.length() - 1) : host,
            name.endsWith(".") ? name.substring(0, name.length() - 1) : name, true);
        String firstLabel = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        boolean partialWildcard = firstLabel.contains("*") && !firstLabel.equals("*");
        if (partialWildcard) {
          assertThat(ours).as("%s against %s: RFC 9525 refuses a partial-label wildcard", host, name).isFalse();
        } else if (name.equals("*.y")) {
          assertThat(ours).as("%s against %s: a wildcard over one label names nothing", host, name).isFalse();
        } else if (name.equals("*.co.uk")) {
          assertThat(ours).as("%s against %s: no public-suffix rule", host, name).isEqualTo(host.equals("example.co.uk"));
        } else {
          assertThat(ours).as("%s against %s (the JDK says %s)", host, name, jdk).isEqualTo(jdk);
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(250);
  }
}
