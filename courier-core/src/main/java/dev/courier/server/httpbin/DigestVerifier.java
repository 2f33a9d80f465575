package dev.courier.server.httpbin;

import dev.courier.internal.AuthChallenge;
import dev.courier.internal.Digest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP Digest authentication, server side (RFC 7616): challenges and verification for every
 * algorithm of {@link Digest.Algorithm} (the registered ones and httpbin's {@code SHA-512}), with
 * {@code qop=auth}, {@code qop=auth-int} or none (RFC 2069 compatibility). The credentials are read
 * with the client's auth-param parser and the response is computed by the same code as the
 * client's ({@link Digest}).
 *
 * <p>Nonces are a timestamp and an HMAC of it under a per-process random key, valid for {@link
 * #NONCE_LIFETIME}, and each one issued is also remembered with the highest {@code nc} seen for it,
 * so a captured {@code Authorization} cannot be replayed: RFC 7616 section 3.4 has the server
 * check that {@code nc} grows per nonce, and without {@code qop} (no {@code nc}) a nonce is good
 * for one request. A replayed or forgotten (evicted, older than a restart) but genuine nonce, like
 * an expired one, is answered {@code stale=true} (section 3.3): a client that knows the password
 * retries with the fresh nonce at once, a replaying attacker who does not gains nothing. At most
 * {@link #MAX_NONCES} are remembered; time comes from the {@link InstantSource} given. Thread-safe.
 */
final class DigestVerifier {
  /** How long a nonce is accepted: five minutes, long enough for a client's retry. */
  static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);

  /**
   * Nonces remembered at once: 10,000 (a few hundred KiB), far more than a test run asks for in
   * five minutes; past it the oldest is forgotten, and its client is asked to retry (stale).
   */
  static final int MAX_NONCES = 10_000;

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

  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  /** Nonce to when it was issued and the highest nc accepted with it (0: none yet), in issue order. */
  private final LinkedHashMap<String, long[]> issued = new LinkedHashMap<>();

  /** A verifier whose nonces age by {@code clock}. */
  DigestVerifier(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The {@code WWW-Authenticate} value, with a new nonce that is remembered. */
  String challenge(String qop, String algorithm, boolean stale) {
    long now = clock.millis();
    String nonce = newNonce(now);
    lock.lock();
    try {
      // Issue order is age order: expired nonces sit at the head.
      Iterator<long[]> oldest = issued.values().iterator();
      while (oldest.hasNext()) {
        long[] entry = oldest.next();
        if (now - entry[0] <= NONCE_LIFETIME.toMillis() && issued.size() < MAX_NONCES) break;
        oldest.remove();
      }
      issued.put(nonce, new long[] {now, 0});
    } finally {
      lock.unlock();
    }
    StringBuilder c = new StringBuilder("Digest realm=\"").append(REALM).append("\", nonce=\"")
        .append(nonce).append("\"");
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
  Outcome verify(String authorization, String method, String requestUri, byte[] body,
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
    long issuedAt = nonceTime(nonce);
    if (issuedAt < 0) return Outcome.DENIED;
    if (clock.millis() - issuedAt > NONCE_LIFETIME.toMillis()) return Outcome.STALE;
    // RFC 7616 section 3.4: nc counts the requests made with this nonce; one not above the last
    // is a replay. Without qop there is no nc (RFC 2069): the nonce is good once.
    long count = clientQop == null ? 1 : hexCount(nc);
    if (count <= 0) return Outcome.DENIED;
    lock.lock();
    try {
      long[] entry = issued.get(nonce);
      if (entry == null || count <= entry[1]) return Outcome.STALE;
      entry[1] = count;
    } finally {
      lock.unlock();
    }
    return Outcome.OK;
  }

  /** {@code nc-value = 8LHEX} (RFC 7616 section 3.4), or -1. */
  private static long hexCount(String nc) {
    if (nc.length() != 8) return -1;
    long value = 0;
    for (int i = 0; i < 8; i++) {
      int digit = Character.digit(nc.charAt(i), 16);
      if (digit < 0 || nc.charAt(i) > 'f') return -1; // ASCII hex only, not fullwidth digits
      value = value * 16 + digit;
    }
    return value;
  }

  /** True for the algorithm names this class implements. */
  static boolean supports(String algorithm) {
    return Digest.Algorithm.forName(algorithm).isPresent();
  }

  /** A nonce issued at {@code millis}: the time and 8 random bytes (unique within a millisecond), then their HMAC. */
  static String newNonce(long millis) {
    byte[] stamp = ByteBuffer.allocate(STAMP).putLong(millis).array();
    byte[] unique = new byte[8];
    RANDOM.nextBytes(unique);
    System.arraycopy(unique, 0, stamp, 8, 8);
    byte[] mac = mac(stamp);
    byte[] nonce = ByteBuffer.allocate(STAMP + 16).put(stamp).put(mac, 0, 16).array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
  }

  /** Bytes of a nonce before its HMAC: the issue time and 8 random bytes. */
  private static final int STAMP = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The issue time of a nonce we made, or -1 when it is not ours. */
  static long nonceTime(String nonce) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(nonce);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    if (raw.length != STAMP + 16) return -1;
    byte[] stamp = java.util.Arrays.copyOf(raw, STAMP);
    byte[] mac = mac(stamp);
    if (!MessageDigest.isEqual(java.util.Arrays.copyOf(mac, 16), java.util.Arrays.copyOfRange(raw, STAMP, STAMP + 16))) {
      return -1;
    }
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
