package dev.courier.server;

import dev.courier.internal.AuthChallenge;
import dev.courier.internal.Digest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP Digest authentication, server side (RFC 7616): challenges and verification for every
 * algorithm of {@link Digest.Algorithm} (the registered ones and httpbin's {@code SHA-512}), with
 * {@code qop=auth}, {@code qop=auth-int} or none (RFC 2069 compatibility). The credentials are read
 * with the client's auth-param parser and the response is computed by the same code as the
 * client's ({@link Digest}).
 *
 * <p>Nonces are stateless: a timestamp and an HMAC of it under a per-process random key, valid for
 * {@link #NONCE_LIFETIME}; an expired but genuine nonce gets {@code stale=true} (section 3.3).
 */
final class DigestVerifier {
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

  private DigestVerifier() {}

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
    List<AuthChallenge> parsed = AuthChallenge.parseAll(List.of(authorization));
    if (parsed.isEmpty() || !parsed.get(0).is("Digest")) return Outcome.DENIED;
    Map<String, String> p = parsed.get(0).params();
    String alg = p.getOrDefault("algorithm", "MD5");
    if (!alg.equalsIgnoreCase(algorithm)) return Outcome.DENIED;
    Digest.Algorithm hash = Digest.Algorithm.forName(alg).orElse(null);
    if (hash == null) return Outcome.DENIED;
    String nonce = p.get("nonce");
    String response = p.get("response");
    String uri = p.get("uri");
    String username = p.get("username");
    if (nonce == null || response == null || uri == null || username == null) return Outcome.DENIED;
    if (!REALM.equals(p.get("realm"))) return Outcome.DENIED;
    if (p.containsKey("opaque") && !OPAQUE.equals(p.get("opaque"))) return Outcome.DENIED;
    if (!uri.equals(requestUri)) return Outcome.DENIED; // section 3.4.6: must match the request target
    if ("true".equalsIgnoreCase(p.get("userhash"))) {
      if (!username.equals(Digest.userhash(hash, user, REALM))) return Outcome.DENIED;
    } else if (!username.equals(user)) {
      return Outcome.DENIED;
    }
    String clientQop = p.get("qop");
    if (qop == null ? clientQop != null : !qop.equals(clientQop)) return Outcome.DENIED;
    String cnonce = p.getOrDefault("cnonce", "");
    String nc = p.getOrDefault("nc", "");
    String expected = Digest.response(hash, user, REALM, password, method, uri, nonce, nc, cnonce, clientQop, body);
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
    return Digest.Algorithm.forName(algorithm).isPresent();
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
}
