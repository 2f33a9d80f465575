package dev.courier.net;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a server's certificate names the host the client asked for, by the rules of RFC 9525
 * (which RFC 9110 section 4.3.4 points to for https): a DNS name against the certificate's
 * dNSName subject alternative names, an IP address against its iPAddress ones, never the subject's
 * common name (RFC 9525 removed RFC 6125's CN-ID, as browsers, OkHttp and urllib3 2 had). A
 * wildcard is only a whole left-most label, {@code *.example.com}, standing for exactly one label
 * (section 6.3), and needs two labels after it, so {@code *.com} names nothing ({@code
 * *.localhost} is the exception: every name under it is this machine, RFC 6761 section 6.3).
 * There is no public-suffix rule beyond that: {@code *.co.uk} names {@code example.co.uk}, as in OkHttp; the JDK refuses it
 * when the chain ends at one of its own CAs, whose rules forbid issuing it (the CA/Browser Forum's
 * Baseline Requirements, section 3.2.2.6). An IPv4 address also matches the same address written
 * IPv4-mapped in the certificate, as in the JDK.
 *
 * <p>Courier checks the name itself, after the handshake, instead of asking the JDK to (endpoint
 * identification {@code "HTTPS"}): the JDK's check first loads its whole CA store a second time to
 * tell whether the chain ends at one of its own anchors (about 55 ms of the first HTTPS connection
 * in a JVM), and it accepts a wildcard that is part of the left-most label ({@code
 * w*.example.com}) and, without DNS names, the common name, which RFC 9525 does not. Checking
 * after the handshake also covers a resumed TLS session, whose peer certificates are the ones the
 * full handshake verified.
 *
 * <pre>{@code
 * HostnameMatcher.check("api.example.com", leaf);   // throws HostnameMismatchException if not named
 * }</pre>
 */
final class HostnameMatcher {
  /** X.509 GeneralName tags (RFC 5280 section 4.2.1.6). */
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private HostnameMatcher() {}

  /**
   * Passes when {@code leaf} names {@code host} (a DNS name in ASCII, A-labels for IDNs, or an IP
   * literal, IPv6 without brackets).
   *
   * @throws HostnameMismatchException when it does not
   */
  static void check(String host, X509Certificate leaf) throws HostnameMismatchException {
    List<String> dnsNames = new ArrayList<>();
    List<String> ipAddresses = new ArrayList<>();
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (name.size() < 2 || !(name.get(0) instanceof Integer type) || !(name.get(1) instanceof String value)) continue;
          if (type == DNS_NAME) dnsNames.add(value);
          else if (type == IP_ADDRESS) ipAddresses.add(value);
        }
      }
    } catch (CertificateParsingException e) {
      throw new HostnameMismatchException(host, List.of(), e);
    }
    if (!matches(host, dnsNames, ipAddresses)) {
      List<String> presented = new ArrayList<>(dnsNames);
      presented.addAll(ipAddresses);
      throw new HostnameMismatchException(host, presented, null);
    }
  }

  /** Whether {@code host} is one of {@code dnsNames} (DNS hosts) or {@code ipAddresses} (IP literals). */
  static boolean matches(String host, List<String> dnsNames, List<String> ipAddresses) {
    if (TlsSettings.isIpLiteral(host)) {
      byte[] wanted = ipBytes(host);
      if (wanted == null) return false;
      for (String presented : ipAddresses) {
        // RFC 9525 section 6.4: an IP address matches when the octets are the same.
        if (Arrays.equals(wanted, ipBytes(presented))) return true;
      }
      return false;
    }
    String name = normalized(host);
    if (name == null || name.isEmpty() || name.indexOf('*') >= 0) return false;
    for (String presented : dnsNames) {
      if (matchesDnsName(name, presented)) return true;
    }
    return false;
  }

  /** One dNSName against a normalized host (lower case, no trailing dot). */
  private static boolean matchesDnsName(String host, String presented) {
    String pattern = normalized(presented);
    if (pattern == null || pattern.isEmpty()) return false;
    if (pattern.indexOf('*') < 0) return pattern.equals(host);
    // Section 6.3: "*" only as the complete left-most label, matching exactly one whole label.
    if (!pattern.startsWith("*.") || pattern.indexOf('*', 1) >= 0) return false;
    String suffix = pattern.substring(1); // ".example.com"
    // "*.com": a wildcard over a top-level domain names nothing; "*.localhost" does, as every
    // name under localhost is this machine (RFC 6761 section 6.3).
    if (suffix.indexOf('.', 1) < 0 && !suffix.equals(".localhost")) return false;
    if (!host.endsWith(suffix)) return false;
    int labelLength = host.length() - suffix.length();
    return labelLength > 0 && host.lastIndexOf('.', labelLength - 1) < 0;
  }

  /**
   * Lower case, without one trailing dot (an absolute name is the same name); null when it is not
   * a plain ASCII name (names are compared as A-labels; a certificate's are, and so is ours).
   */
  private static String normalized(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c > 0x7e || c <= 0x20) return null;
    }
    if (n.startsWith(".") || n.contains("..")) return null;
    return n.toLowerCase(Locale.ROOT);
  }

  /** The octets of an IP literal ({@link IpLiteral#parse}: strict, never looked up), or null. */
  private static byte[] ipBytes(String literal) {
    InetAddress address = IpLiteral.parse(literal);
    return address == null ? null : address.getAddress();
  }
}
