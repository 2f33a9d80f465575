package dev.courier.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts that bypass a proxy, parsed from a {@code NO_PROXY} value with the rules curl (7.86+)
 * and Python requests share:
 *
 * <ul>
 *   <li>entries are separated by commas (and white space); case does not matter;
 *   <li>{@code *} alone bypasses the proxy for every host;
 *   <li>a name matches itself and every subdomain: {@code example.com} matches
 *       {@code example.com} and {@code www.example.com}, never {@code badexample.com}; a leading
 *       {@code .} or {@code *.} is ignored ({@code .example.com} behaves like {@code example.com});
 *   <li>{@code host:port} (or {@code [v6]:port}) matches only that port;
 *   <li>an IP literal matches that address; {@code 10.0.0.0/8} or {@code fd00::/8} match a range
 *       (only hosts given as IP literals: no DNS lookup is made to decide);
 *   <li>a trailing dot on names is ignored.
 * </ul>
 *
 * <pre>{@code
 * NoProxy noProxy = NoProxy.parse("localhost,.internal.example,10.0.0.0/8,[::1]:8080");
 * noProxy.matches("api.internal.example", 443);   // true
 * noProxy.matches("10.1.2.3", 80);                // true
 * }</pre>
 */
public final class NoProxy {
  private static final NoProxy NONE = new NoProxy(List.of(), false, "");

  private final List<Rule> rules;
  private final boolean all;
  private final String text;

  private NoProxy(List<Rule> rules, boolean all, String text) {
    this.rules = rules;
    this.all = all;
    this.text = text;
  }

  /** Nothing bypasses the proxy. */
  public static NoProxy none() {
    return NONE;
  }

  /** Parses a {@code NO_PROXY} value; entries that cannot match anything are ignored. */
  public static NoProxy parse(String value) {
    List<Rule> rules = new ArrayList<>();
    boolean all = false;
    for (String raw : value.split("[,\\s]+")) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.equals("*")) {
        all = true;
        continue;
      }
      Rule rule = Rule.parse(entry);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return new NoProxy(List.copyOf(rules), all, value.strip());
  }

  /**
   * Whether a request to {@code host:port} goes direct. The host is as in a URL: a name, an IPv4
   * literal or an IPv6 literal with or without brackets.
   */
  public boolean matches(String host, int port) {
    if (all) {
      return true;
    }
    String name = unbracket(host.toLowerCase(Locale.ROOT));
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    byte[] address = ipLiteral(name);
    for (Rule rule : rules) {
      if (rule.matches(name, address, port)) {
        return true;
      }
    }
    return false;
  }

  /** Whether nothing bypasses the proxy. */
  public boolean isEmpty() {
    return !all && rules.isEmpty();
  }

  @Override
  public String toString() {
    return "NoProxy[" + text + "]";
  }

  /** One entry: a domain suffix or an address range, with an optional port (-1: any). */
  private record Rule(String domain, byte[] network, int prefixBits, int port) {
    static Rule parse(String entry) {
      int port = -1;
      String host = entry;
      int slash = host.indexOf('/');
      String prefix = null;
      if (slash >= 0) {
        prefix = host.substring(slash + 1);
        host = host.substring(0, slash);
      }
      if (host.startsWith("[")) {
        int close = host.indexOf(']');
        if (close < 0) {
          return null;
        }
        String rest = host.substring(close + 1);
        host = host.substring(1, close);
        if (rest.startsWith(":")) {
          port = parsePort(rest.substring(1));
          if (port < 0) {
            return null;
          }
        } else if (!rest.isEmpty()) {
          return null;
        }
      } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') >= 0) {
        // exactly one colon: host:port (two or more colons is a bare IPv6 literal)
        int colon = host.indexOf(':');
        port = parsePort(host.substring(colon + 1));
        if (port < 0) {
          return null;
        }
        host = host.substring(0, colon);
      }
      byte[] address = ipLiteral(host);
      if (address != null) {
        int bits = address.length * 8;
        if (prefix != null) {
          bits = parsePort(prefix);
          if (bits < 0 || bits > address.length * 8) {
            return null;
          }
        }
        return new Rule(null, address, bits, port);
      }
      if (prefix != null) {
        return null;
      }
      if (host.startsWith("*.")) {
        host = host.substring(2);
      }
      while (host.startsWith(".")) {
        host = host.substring(1);
      }
      if (host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      return host.isEmpty() ? null : new Rule(host, null, 0, port);
    }

    boolean matches(String host, byte[] address, int requestPort) {
      if (port >= 0 && port != requestPort) {
        return false;
      }
      if (domain != null) {
        return host.equals(domain)
            || (host.endsWith(domain) && host.charAt(host.length() - domain.length() - 1) == '.');
      }
      if (address == null || address.length != network.length) {
        return false;
      }
      int full = prefixBits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Decimal 0..65535 (also used for prefix lengths), or -1; ASCII digits only. */
  private static int parsePort(String s) {
    if (s.isEmpty() || s.length() > 5) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 65535 ? value : -1;
  }

  /**
   * The bytes of an IPv4 dotted-quad or an IPv6 literal, or null for a name. Never resolves: only
   * strings that are syntactically literals reach {@link InetAddress}, which then parses them.
   */
  static byte[] ipLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      int zone = host.indexOf('%');
      String literal = zone >= 0 ? host.substring(0, zone) : host;
      for (int i = 0; i < literal.length(); i++) {
        char c = literal.charAt(i);
        boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
        if (!ok) {
          return null;
        }
      }
      try {
        return InetAddress.getByName("[" + literal + "]").getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = parsePort(parts[i]);
      if (value < 0 || value > 255 || parts[i].length() > 3) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }
}
