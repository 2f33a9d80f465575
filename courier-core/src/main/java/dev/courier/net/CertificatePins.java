package dev.courier.net;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Certificate pins per host pattern, as OkHttp's {@code CertificatePinner}: a connection to a
 * matching host is accepted only when its verified chain holds a certificate whose public key
 * (the DER SubjectPublicKeyInfo) has one of the pinned SHA-256 hashes, written {@code
 * sha256/BASE64}. Pinning a public key rather than a certificate survives renewal with the same
 * key; pin a backup key too, or a key rotation locks clients out.
 *
 * <p>Patterns: {@code api.example.com} matches that host; {@code *.example.com} one label left of
 * {@code example.com} ({@code a.example.com}, not {@code example.com} nor {@code a.b.example.com});
 * {@code **.example.com} any number of labels, none included. A host matching several patterns
 * accepts the pins of all of them. Hosts no pattern matches are not pinned.
 *
 * <pre>{@code
 * TlsSettings tls = TlsSettings.builder()
 *     .pin("**.example.com", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
 *          "sha256/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=")   // current and backup key
 *     .build();
 * String pin = CertificatePins.pin(certificate);   // "sha256/..." of a certificate you hold
 * }</pre>
 *
 * <p>Immutable; equal pins make equal {@link TlsSettings}.
 */
public final class CertificatePins {
  private static final CertificatePins NONE = new CertificatePins(Map.of());
  private static final String PREFIX = "sha256/";

  private final Map<String, Set<String>> byPattern; // lower-case pattern -> pins

  private CertificatePins(Map<String, Set<String>> byPattern) {
    this.byPattern = byPattern;
  }

  /** No pins. */
  public static CertificatePins none() {
    return NONE;
  }

  /**
   * These pins added for {@code hostPattern}.
   *
   * @throws IllegalArgumentException for a pattern with a misplaced wildcard or a pin that is not
   *     {@code sha256/} and the base64 of 32 bytes
   */
  public CertificatePins with(String hostPattern, List<String> pins) {
    String pattern = checkPattern(Objects.requireNonNull(hostPattern, "hostPattern"));
    if (pins.isEmpty()) throw new IllegalArgumentException("no pins given for " + hostPattern);
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    byPattern.forEach((k, v) -> copy.put(k, new LinkedHashSet<>(v)));
    Set<String> set = copy.computeIfAbsent(pattern, k -> new LinkedHashSet<>());
    for (String pin : pins) set.add(checkPin(pin));
    Map<String, Set<String>> frozen = new LinkedHashMap<>();
    copy.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
    return new CertificatePins(java.util.Collections.unmodifiableMap(frozen));
  }

  /** Whether there are no pins. */
  public boolean isEmpty() {
    return byPattern.isEmpty();
  }

  /** The pins a connection to {@code host} must meet (empty: the host is not pinned), in the order given. */
  public Set<String> pinsFor(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
    Set<String> out = new LinkedHashSet<>();
    for (Map.Entry<String, Set<String>> e : byPattern.entrySet()) {
      if (matches(e.getKey(), h)) out.addAll(e.getValue());
    }
    return out;
  }

  /** The pin of a certificate: {@code sha256/} and the base64 SHA-256 of its SubjectPublicKeyInfo. */
  public static String pin(X509Certificate certificate) {
    try {
      byte[] spki = certificate.getPublicKey().getEncoded(); // X.509 SubjectPublicKeyInfo, DER
      return PREFIX + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * Checks {@code verifiedChain} (leaf first) for {@code host}.
   *
   * @throws CertificatePinningException naming the expected pins and those of the chain
   */
  void check(String host, List<X509Certificate> verifiedChain) throws CertificatePinningException {
    Set<String> expected = pinsFor(host);
    if (expected.isEmpty()) return;
    List<String> actual = new ArrayList<>();
    for (X509Certificate c : verifiedChain) {
      String pin = pin(c);
      if (expected.contains(pin)) return;
      actual.add(pin + " (" + c.getSubjectX500Principal().getName() + ")");
    }
    throw new CertificatePinningException(host, List.copyOf(expected), actual);
  }

  static boolean matches(String pattern, String host) {
    if (pattern.startsWith("**.")) {
      String suffix = pattern.substring(3);
      return host.equals(suffix) || host.endsWith("." + suffix);
    }
    if (pattern.startsWith("*.")) {
      String suffix = pattern.substring(2);
      return host.endsWith("." + suffix) && host.indexOf('.') == host.length() - suffix.length() - 1;
    }
    return host.equals(pattern);
  }

  private static String checkPattern(String pattern) {
    String p = pattern.toLowerCase(Locale.ROOT);
    String rest = p.startsWith("**.") ? p.substring(3) : p.startsWith("*.") ? p.substring(2) : p;
    if (rest.isEmpty() || rest.indexOf('*') >= 0 || rest.startsWith(".") || rest.endsWith(".")) {
      throw new IllegalArgumentException("bad host pattern '" + pattern
          + "': a host name, optionally after '*.' (one label) or '**.' (any labels)");
    }
    return p;
  }

  private static String checkPin(String pin) {
    Objects.requireNonNull(pin, "pin");
    if (!pin.startsWith(PREFIX)) {
      throw new IllegalArgumentException("pin '" + pin + "' must start with 'sha256/' (SHA-256 of the public key)");
    }
    byte[] hash;
    try {
      hash = Base64.getDecoder().decode(pin.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pin '" + pin + "' is not base64: " + e.getMessage(), e);
    }
    if (hash.length != 32) {
      throw new IllegalArgumentException("pin '" + pin + "' decodes to " + hash.length + " bytes, not 32");
    }
    return PREFIX + Base64.getEncoder().encodeToString(hash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificatePins that && byPattern.equals(that.byPattern);
  }

  @Override
  public int hashCode() {
    return byPattern.hashCode();
  }

  @Override
  public String toString() {
    return "CertificatePins" + byPattern;
  }
}
