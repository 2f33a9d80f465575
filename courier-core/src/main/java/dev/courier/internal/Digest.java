package dev.courier.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The computation of HTTP Digest authentication (RFC 7616) that the client ({@code Auth.digest})
 * and the server (httpbin's {@code /digest-auth}) share: the algorithm table and the
 * response = KD(H(A1), ...) of Section 3.4.1.
 */
public final class Digest {
  private Digest() {}

  /**
   * The algorithms of the IANA registry (RFC 7616, Sections 3.3 and 6.1) and their session
   * variants, plus SHA-512, which is not registered but which httpbin offers; a client answers only
   * {@link #registered()} ones.
   */
  public enum Algorithm {
    MD5("MD5", "MD5", false, true),
    MD5_SESS("MD5-sess", "MD5", true, true),
    SHA_256("SHA-256", "SHA-256", false, true),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true, true),
    SHA_512_256("SHA-512-256", "SHA-512/256", false, true),
    SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true, true),
    SHA_512("SHA-512", "SHA-512", false, false);

    private final String token;
    private final String javaName;
    private final boolean session;
    private final boolean registered;

    Algorithm(String token, String javaName, boolean session, boolean registered) {
      this.token = token;
      this.javaName = javaName;
      this.session = session;
      this.registered = registered;
    }

    /** The algorithm by its name in a challenge, case-insensitively (Section 3.3). */
    public static Optional<Algorithm> forName(String name) {
      for (Algorithm a : values()) {
        if (a.token.equalsIgnoreCase(name)) return Optional.of(a);
      }
      return Optional.empty();
    }

    /** The name as written in challenges and credentials, e.g. {@code SHA-256-sess}. */
    public String token() {
      return token;
    }

    /** True for a {@code -sess} variant: H(A1) also covers the nonce and cnonce (Section 3.4.2). */
    public boolean session() {
      return session;
    }

    /** True when RFC 7616's registry lists it (Section 6.1). */
    public boolean registered() {
      return registered;
    }

    /** The lower-case hex digest of the UTF-8 text. */
    public String hash(String text) {
      return hash(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The lower-case hex digest of the bytes. */
    public String hash(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance(javaName).digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(javaName + " missing from this JVM", e);
      }
    }
  }

  /**
   * The request-digest (RFC 7616, Section 3.4.1): with a qop, KD(H(A1), nonce:nc:cnonce:qop:H(A2));
   * without one, the RFC 2069 form KD(H(A1), nonce:H(A2)). A1 is user:realm:password, and for a
   * session algorithm H(user:realm:password):nonce:cnonce (Section 3.4.2); A2 is method:uri, and for
   * {@code qop=auth-int} method:uri:H(body) (Section 3.4.3).
   *
   * @param qop {@code auth}, {@code auth-int} or null for none
   * @param nc the nonce count as sent, eight hex digits; ignored without qop
   * @param body the request body for {@code auth-int}; null counts as empty
   */
  public static String response(Algorithm algorithm, String user, String realm, String password,
      String method, String uri, String nonce, String nc, String cnonce, String qop, byte[] body) {
    String ha1 = algorithm.hash(user + ":" + realm + ":" + password);
    if (algorithm.session()) ha1 = algorithm.hash(ha1 + ":" + nonce + ":" + cnonce);
    String a2 = method + ":" + uri;
    if ("auth-int".equals(qop)) a2 += ":" + algorithm.hash(body == null ? new byte[0] : body);
    String ha2 = algorithm.hash(a2);
    return qop == null
        ? algorithm.hash(ha1 + ":" + nonce + ":" + ha2)
        : algorithm.hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  /** The nonce count as Section 3.4 writes it: eight lower-case hex digits. */
  public static String nonceCount(long count) {
    return String.format(Locale.ROOT, "%08x", count);
  }

  /** The {@code username} value when {@code userhash=true}: H(user:realm) (Section 3.4.4). */
  public static String userhash(Algorithm algorithm, String user, String realm) {
    return algorithm.hash(user + ":" + realm);
  }
}
