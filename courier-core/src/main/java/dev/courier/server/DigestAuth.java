package dev.courier.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP Digest authentication, server side (RFC 7616): challenges and verification for
 * {@code MD5}, {@code SHA-256}, {@code SHA-512-256} and {@code SHA-512} (and their {@code -sess}
 * variants), with {@code qop=auth}, {@code qop=auth-int} or none (RFC 2069 compatibility).
 *
 * <p>Nonces are stateless: a timestamp and an HMAC of it under a per-process random key, valid for
 * {@link #NONCE_LIFETIME}; an expired but genuine nonce gets {@code stale=true} (section 3.3).
 */
final class DigestAuth {
  /** How long a nonce is accepted: five minutes, long enough for a client's retry. */
  static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);

  static final String REALM = "httpbin@courier";
  private static final byte[] KEY = new byte[32];
  private static final String OPAQUE;

  static {
    SecureRandom random = new SecureRandom();
    random.nextBytes(KEY);
    byte[] opaque = new byte[16];
    random.nextBytes(opaque);
    OPAQUE = HexFormat.of().formatHex(opaque);
  }

  private DigestAuth() {}

  /** The {@code WWW-Authenticate} value. */
  static String challenge(String qop, String algorithm, boolean stale) {
    StringBuilder c = new StringBuilder("Digest realm=\"").append(REALM).append("\", nonce=\"")
        .append(newNonce(System.currentTimeMillis())).append("\"");
    if (qop != null) c.append(", qop=\"").append(qop).append('"');
    c.append(", opaque=\"").append(OPAQUE).append("\", algorithm=").append(algorithm);
    if (stale) c.append(", stale=TRUE");
    return c.toString();
  }

  enum Outcome { OK, STALE, DENIED }

  /**
   * Checks an {@code Authorization: Digest ...} value against the expected user and password.
   *
   * @param qop the qop the route demands ({@code auth}, {@code auth-int}) or null for none
   */
  static Outcome verify(String authorization, String method, String requestUri, byte[] body,
      String user, String password, String qop, String algorithm) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Digest ", 0, 7)) return Outcome.DENIED;
    Map<String, String> p = parseParams(authorization.substring(7));
    String alg = p.getOrDefault("algorithm", "MD5");
    if (!alg.equalsIgnoreCase(algorithm)) return Outcome.DENIED;
    String nonce = p.get("nonce");
    String response = p.get("response");
    String uri = p.get("uri");
    String username = p.get("username");
    if (nonce == null || response == null || uri == null || username == null) return Outcome.DENIED;
    if (!REALM.equals(p.get("realm"))) return Outcome.DENIED;
    if (p.containsKey("opaque") && !OPAQUE.equals(p.get("opaque"))) return Outcome.DENIED;
    if (!uri.equals(requestUri)) return Outcome.DENIED; // section 3.4.6: must match the request target
    String hash = hashName(alg);
    if ("true".equalsIgnoreCase(p.get("userhash"))) {
      if (!username.equals(h(hash, user + ":" + REALM))) return Outcome.DENIED;
    } else if (!username.equals(user)) {
      return Outcome.DENIED;
    }
    String clientQop = p.get("qop");
    if (qop == null ? clientQop != null : !qop.equals(clientQop)) return Outcome.DENIED;
    String cnonce = p.getOrDefault("cnonce", "");
    String nc = p.getOrDefault("nc", "");
    String ha1 = h(hash, user + ":" + REALM + ":" + password);
    if (alg.toLowerCase(Locale.ROOT).endsWith("-sess")) ha1 = h(hash, ha1 + ":" + nonce + ":" + cnonce);
    String ha2 = "auth-int".equals(clientQop)
        ? h(hash, method + ":" + uri + ":" + h(hash, body))
        : h(hash, method + ":" + uri);
    String expected = clientQop == null
        ? h(hash, ha1 + ":" + nonce + ":" + ha2)
        : h(hash, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + clientQop + ":" + ha2);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      return Outcome.DENIED;
    }
    long issued = nonceTime(nonce);
    if (issued < 0) return Outcome.DENIED;
    if (System.currentTimeMillis() - issued > NONCE_LIFETIME.toMillis()) return Outcome.STALE;
    return Outcome.OK;
  }

  /** True for the algorithm names this class implements. */
  static boolean supports(String algorithm) {
    try {
      hashName(algorithm);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String hashName(String algorithm) {
    String base = algorithm.toUpperCase(Locale.ROOT);
    if (base.endsWith("-SESS")) base = base.substring(0, base.length() - 5);
    return switch (base) {
      case "MD5" -> "MD5";
      case "SHA-256" -> "SHA-256";
      case "SHA-512-256" -> "SHA-512/256";
      case "SHA-512" -> "SHA-512";
      default -> throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
    };
  }

  static String h(String hash, String text) {
    return h(hash, text.getBytes(StandardCharsets.UTF_8));
  }

  static String h(String hash, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(hash).digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String newNonce(long millis) {
    byte[] stamp = ByteBuffer.allocate(8).putLong(millis).array();
    byte[] mac = mac(stamp);
    byte[] nonce = ByteBuffer.allocate(8 + 16).put(stamp).put(mac, 0, 16).array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
  }

  /** The issue time of a nonce we made, or -1 when it is not ours. */
  static long nonceTime(String nonce) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(nonce);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    if (raw.length != 24) return -1;
    byte[] stamp = java.util.Arrays.copyOf(raw, 8);
    byte[] mac = mac(stamp);
    if (!MessageDigest.isEqual(java.util.Arrays.copyOf(mac, 16), java.util.Arrays.copyOfRange(raw, 8, 24))) return -1;
    return ByteBuffer.wrap(stamp).getLong();
  }

  private static byte[] mac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses {@code a=b, c="d, e"} auth-params (RFC 9110 section 11.2). */
  static Map<String, String> parseParams(String s) {
    Map<String, String> out = new HashMap<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == '\t')) i++;
      int eq = s.indexOf('=', i);
      if (eq < 0) break;
      String key = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      i = eq + 1;
      while (i < n && s.charAt(i) == ' ') i++;
      StringBuilder value = new StringBuilder();
      if (i < n && s.charAt(i) == '"') {
        i++;
        while (i < n && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < n) i++;
          value.append(s.charAt(i++));
        }
        i++;
      } else {
        while (i < n && s.charAt(i) != ',') value.append(s.charAt(i++));
      }
      out.put(key, value.toString().trim());
    }
    return out;
  }
}
