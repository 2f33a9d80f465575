package dev.courier.server;

import dev.courier.net.IpLiteral;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse proxies whose forwarding fields ({@code Forwarded}, {@code X-Forwarded-For},
 * {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}) the server believes: addresses and CIDR
 * ranges, IPv4 or IPv6 ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code fd00::/8}). Anyone can send
 * those fields; only a proxy the operator names is known to have written them. Literals only, so
 * that no name lookup ever decides trust. Immutable.
 */
final class TrustedProxies {
  /** Trusts no one: the default. */
  static final TrustedProxies NONE = new TrustedProxies(List.of());

  /** One range: the address bytes and how many leading bits must match. */
  private record Range(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) return false;
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) if (address[i] != network[i]) return false;
      int rest = bits % 8;
      if (rest == 0) return true;
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Parses addresses and CIDR ranges.
   *
   * @throws IllegalArgumentException naming the first entry that is not an IP literal or range
   */
  static TrustedProxies of(List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      String text = entry.strip();
      int slash = text.indexOf('/');
      InetAddress address = IpLiteral.parse(slash < 0 ? text : text.substring(0, slash));
      if (address == null) throw new IllegalArgumentException("not an IP address or CIDR range: " + entry);
      int max = address.getAddress().length * 8;
      int bits = max;
      if (slash >= 0) {
        String prefix = text.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new IllegalArgumentException("bad prefix length in " + entry);
        }
        bits = Integer.parseInt(prefix);
        if (bits > max) throw new IllegalArgumentException("prefix longer than " + max + " bits in " + entry);
      }
      ranges.add(new Range(address.getAddress(), bits));
    }
    return new TrustedProxies(ranges);
  }

  /** True when no proxy is trusted. */
  boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** True when {@code address} is one of the trusted proxies (an IPv4-mapped IPv6 address as its IPv4). */
  boolean contains(InetAddress address) {
    if (ranges.isEmpty() || address == null) return false;
    byte[] bytes = address.getAddress();
    for (Range range : ranges) if (range.contains(bytes)) return true;
    return false;
  }
}
