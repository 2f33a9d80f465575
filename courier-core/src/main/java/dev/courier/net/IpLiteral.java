package dev.courier.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The address an IP literal names, parsed strictly and never looked up: what a certificate's
 * iPAddress name, a host to check against it, or a proxy list holds.
 *
 * <pre>{@code
 * IpLiteral.parse("10.0.0.1");     // 10.0.0.1
 * IpLiteral.parse("[::1]");        // ::1
 * IpLiteral.parse("010.0.0.1");    // null: no octal, hex or short IPv4 forms
 * IpLiteral.parse("example.com");  // null: a name, not looked up
 * }</pre>
 */
public final class IpLiteral {
  private IpLiteral() {}

  /**
   * The address {@code text} names, or null when it is not an IP literal: dotted-quad IPv4 with
   * exactly four decimal parts (no octal, hex or short forms, which {@link InetAddress} would
   * accept), or IPv6 with optional brackets and no zone.
   */
  public static InetAddress parse(String text) {
    if (text.startsWith("[") && text.endsWith("]")) text = text.substring(1, text.length() - 1);
    if (text.isEmpty() || text.length() > 45) return null;
    try {
      if (text.indexOf(':') >= 0) {
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
          if (!ok) return null;
        }
        // A literal with a colon is parsed, never looked up (InetAddress's contract for literals).
        return InetAddress.getByName(text.toLowerCase(Locale.ROOT));
      }
      String[] parts = text.split("\\.", -1);
      if (parts.length != 4) return null;
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        String part = parts[i];
        if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) return null;
        int value = 0;
        for (int j = 0; j < part.length(); j++) {
          char c = part.charAt(j);
          if (c < '0' || c > '9') return null;
          value = value * 10 + (c - '0');
        }
        if (value > 255) return null;
        bytes[i] = (byte) value;
      }
      return Inet4Address.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null; // a malformed IPv6 literal
    }
  }
}
