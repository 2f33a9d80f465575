package dev.courier.server;

import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.net.IpLiteral;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who the client is, and which scheme and host it asked for, when the connection comes from a
 * trusted reverse proxy: read from {@code Forwarded} (RFC 7239), else from {@code
 * X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}.
 *
 * <p>Each proxy appends one hop naming who connected to it (RFC 7239 section 4: "for" is the
 * client of the proxy that added the element, and "proto" and "host" are what that proxy was
 * asked). Anything left of a hop may have been written by the client itself, so the walk goes
 * from the right, starting at the connection's peer: while the address named is a trusted proxy,
 * the next hop to the left is that proxy's word, and the first address that is not trusted is the
 * client. A hop that is malformed, {@code unknown} or obfuscated (RFC 7239 section 6) ends the walk
 * where it stands: the client is then the last address known, never a value a client could plant.
 * "proto" and "host" come from the hops accepted, the one nearest the client winning, and only
 * when well-formed ({@code http} or {@code https}; a host and optional port).
 */
final class ForwardedHeaders {
  /** What the proxies said: the client, and the scheme and authority asked for (null when not said). */
  record Forwarding(InetAddress client, String scheme, String authority) {}

  /** One proxy's word: the "for", "proto" and "host" it wrote; {@code valid} false when unparsable. */
  private record Hop(String forValue, String proto, String host, boolean valid) {}

  private ForwardedHeaders() {}

  /**
   * How a request from {@code peer} is seen: through its forwarding fields when the peer is a
   * trusted proxy, else as it arrived. One rule for HTTP/1.1 and HTTP/2 connections alike.
   */
  record View(boolean viaProxy, Forwarding forwarding) {
    /** A request straight from its client: shared, so the common case allocates nothing. */
    private static final View DIRECT = new View(false, null);

    static View of(TrustedProxies trusted, InetAddress peer, Headers headers) {
      return of(trusted.contains(peer), trusted, peer, headers);
    }

    /** As above, for a connection that knows already whether its peer is a trusted proxy. */
    static View of(boolean peerIsProxy, TrustedProxies trusted, InetAddress peer, Headers headers) {
      return peerIsProxy ? new View(true, resolve(trusted, peer, headers)) : DIRECT;
    }

    /** The scheme the proxy says the client used, else the connection's own. */
    String scheme(String connectionScheme) {
      return forwarding != null && forwarding.scheme() != null ? forwarding.scheme() : connectionScheme;
    }

    /** Tells {@code request} the client and authority the proxies reported. */
    void applyTo(ServerRequest request) {
      if (forwarding != null) request.forwarded(forwarding.client(), forwarding.authority());
      else if (viaProxy) request.forwarded(null, null);
    }
  }

  /**
   * The forwarded view of a request from {@code peer}, or null when {@code peer} is not a trusted
   * proxy or sent no forwarding field.
   */
  static Forwarding resolve(TrustedProxies trusted, InetAddress peer, Headers headers) {
    if (!trusted.contains(peer)) return null;
    List<Hop> hops;
    List<String> forwarded = headers.allValues("Forwarded");
    if (!forwarded.isEmpty()) {
      hops = parseForwarded(String.join(",", forwarded));
    } else {
      List<String> xff = headers.allValues("X-Forwarded-For");
      if (xff.isEmpty()) return null;
      hops = xForwarded(list(xff), list(headers.allValues("X-Forwarded-Proto")),
          list(headers.allValues("X-Forwarded-Host")));
    }
    InetAddress client = peer;
    String scheme = null;
    String authority = null;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Hop hop = hops.get(i);
      InetAddress address = hop.valid() ? node(hop.forValue()) : null;
      if (address == null) break; // malformed, unknown or obfuscated: nothing further is known
      client = address;
      String proto = scheme(hop.proto());
      if (proto != null) scheme = proto;
      String host = host(hop.host());
      if (host != null) authority = host;
      if (!trusted.contains(address)) break;
    }
    return new Forwarding(client, scheme, authority);
  }

  /** The comma-separated members of one or more field lines, trimmed, in order. */
  private static List<String> list(List<String> lines) {
    List<String> members = new ArrayList<>();
    for (String line : lines) {
      for (String member : line.split(",", -1)) members.add(member.strip());
    }
    return members;
  }

  /**
   * Hops from the X-Forwarded fields: one per X-Forwarded-For address. Proto and Host lists that
   * line up with it give each hop its own; otherwise their last member, written by the nearest
   * proxy, goes with the last hop.
   */
  private static List<Hop> xForwarded(List<String> fors, List<String> protos, List<String> hosts) {
    List<Hop> hops = new ArrayList<>();
    int n = fors.size();
    for (int i = 0; i < n; i++) {
      boolean last = i == n - 1;
      String proto = protos.size() == n ? protos.get(i) : (last && !protos.isEmpty() ? protos.get(protos.size() - 1) : null);
      String host = hosts.size() == n ? hosts.get(i) : (last && !hosts.isEmpty() ? hosts.get(hosts.size() - 1) : null);
      hops.add(new Hop(fors.get(i), proto, host, !fors.get(i).isEmpty()));
    }
    return hops;
  }

  /**
   * The elements of a Forwarded field value (RFC 7239 section 4): {@code element *("," element)},
   * each {@code pair *(";" pair)}, each {@code token "=" (token / quoted-string)}. An element that
   * breaks the grammar is kept as an invalid hop; an unclosed quote makes the rest one invalid hop.
   */
  private static List<Hop> parseForwarded(String value) {
    List<Hop> hops = new ArrayList<>();
    int i = 0;
    int n = value.length();
    while (i <= n) {
      String forValue = null;
      String proto = null;
      String host = null;
      boolean valid = true;
      boolean any = false;
      // one element, up to a comma outside quotes or the end
      while (true) {
        i = skipSpaces(value, i);
        if (i >= n || value.charAt(i) == ',') break;
        if (value.charAt(i) == ';') {
          i++;
          continue;
        }
        int nameStart = i;
        while (i < n && isTchar(value.charAt(i))) i++;
        String name = value.substring(nameStart, i).toLowerCase(Locale.ROOT);
        if (name.isEmpty() || i >= n || value.charAt(i) != '=') {
          valid = false;
          i = skipToComma(value, i);
          break;
        }
        i++;
        String pairValue;
        if (i < n && value.charAt(i) == '"') {
          StringBuilder quoted = new StringBuilder();
          i++;
          boolean closed = false;
          while (i < n) {
            char c = value.charAt(i++);
            if (c == '"') {
              closed = true;
              break;
            }
            if (c == '\\' && i < n) c = value.charAt(i++);
            quoted.append(c);
          }
          if (!closed) {
            hops.add(new Hop(null, null, null, false));
            return hops;
          }
          pairValue = quoted.toString();
        } else {
          int start = i;
          while (i < n && isTchar(value.charAt(i))) i++;
          pairValue = value.substring(start, i);
        }
        i = skipSpaces(value, i);
        if (i < n && value.charAt(i) != ';' && value.charAt(i) != ',') {
          valid = false;
          i = skipToComma(value, i);
          break;
        }
        any = true;
        // RFC 7239 section 4: a parameter appears at most once per element
        switch (name) {
          case "for" -> {
            if (forValue != null) valid = false;
            forValue = pairValue;
          }
          case "proto" -> {
            if (proto != null) valid = false;
            proto = pairValue;
          }
          case "host" -> {
            if (host != null) valid = false;
            host = pairValue;
          }
          default -> { } // "by" and extensions: not ours to judge
        }
      }
      if (any || !valid) hops.add(new Hop(forValue, proto, host, valid && forValue != null));
      if (i >= n) break;
      i++; // the comma
    }
    return hops;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
    return i;
  }

  private static int skipToComma(String s, int i) {
    while (i < s.length() && s.charAt(i) != ',') i++;
    return i;
  }

  /** RFC 9110 section 5.6.2. */
  private static boolean isTchar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /**
   * The address of a node (RFC 7239 section 6): an IPv4 address or a bracketed IPv6 one, each
   * with an optional port; null for {@code unknown}, an obfuscated name or anything else. An
   * X-Forwarded-For member may also be a bare IPv6 address.
   */
  static InetAddress node(String text) {
    if (text == null || text.isEmpty()) return null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) return null;
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !isPort(rest)) return null;
      return IpLiteral.parse(text.substring(0, close + 1));
    }
    int colon = text.indexOf(':');
    if (colon >= 0 && colon == text.lastIndexOf(':')) {
      if (!isPort(text.substring(colon))) return null;
      return IpLiteral.parse(text.substring(0, colon));
    }
    return IpLiteral.parse(text);
  }

  /** ":" and a port, digits or an obfuscated one ("_" and token characters). */
  private static boolean isPort(String text) {
    if (text.length() < 2 || text.charAt(0) != ':' || text.length() > 33) return false;
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (text.charAt(1) == '_' && (isTchar(c))))) return false;
    }
    return true;
  }

  private static String scheme(String proto) {
    if (proto == null) return null;
    String lower = proto.toLowerCase(Locale.ROOT);
    return lower.equals("http") || lower.equals("https") ? lower : null;
  }

  /** A host and optional port, as Host would carry (RFC 9110 section 7.2); null for anything else. */
  private static String host(String host) {
    if (host == null || host.isEmpty() || host.length() > 255) return null;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
      if (!ok) return null;
    }
    try {
      Url url = Url.parse("http://" + host + "/");
      return url.host().isEmpty() ? null : host.toLowerCase(Locale.ROOT);
    } catch (RuntimeException e) {
      return null; // not a host Url accepts
    }
  }
}
