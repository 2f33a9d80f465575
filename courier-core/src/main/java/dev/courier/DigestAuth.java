package dev.courier;

import dev.courier.http.Url;
import dev.courier.internal.AuthChallenge;
import dev.courier.internal.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * HTTP Digest access authentication (RFC 7616).
 *
 * <p>Theory of operation: the first request goes out without credentials; the 401's
 * {@code WWW-Authenticate: Digest ...} challenge is remembered for that origin, and the request is
 * sent again with a response computed from it. Later requests to the same origin carry
 * credentials at once, with the nonce count (nc) increasing by one each time (Section 3.4). A 401
 * with {@code stale=true} means only the nonce expired: start again with the new one. A 401 to a
 * request that carried a fresh (non-stale) response means the password is wrong: give up and
 * return the 401.
 *
 * <p>Algorithms: MD5, SHA-256, SHA-512-256 and each {@code -sess} variant; the first the server
 * lists that we support is used (Section 3.7: challenges come in order of preference). qop:
 * {@code auth}, or {@code auth-int} for replayable bodies; without qop, the RFC 2069 form.
 */
final class DigestAuth implements Auth {
  /** Bodies hashed for qop=auth-int are buffered up to this size; larger ones use qop=auth only. */
  static final int MAX_AUTH_INT_BODY = 1 << 20;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String user;
  private final String password;
  private final Supplier<String> cnonces;
  private final ReentrantLock lock = new ReentrantLock();
  private State state; // guarded by lock

  /** The challenge in use: for one origin, with its nonce count. */
  private record State(String origin, AuthChallenge challenge, String algorithm, long nonceCount) {}

  DigestAuth(String user, String password) {
    this(user, password, DigestAuth::randomCnonce);
  }

  DigestAuth(String user, String password, Supplier<String> cnonces) {
    this.user = Objects.requireNonNull(user, "user");
    this.password = Objects.requireNonNull(password, "password");
    this.cnonces = cnonces;
  }

  private static String randomCnonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public Request apply(Request request) {
    String origin = request.url().origin();
    State use;
    lock.lock();
    try {
      if (state == null || !state.origin.equals(origin)) return request;
      state = new State(state.origin, state.challenge, state.algorithm, state.nonceCount + 1);
      use = state;
    } finally {
      lock.unlock();
    }
    return withAuthorization(request, use);
  }

  @Override
  public Optional<Request> onChallenge(Request sent, Response response) {
    if (response.statusCode() != 401) return Optional.empty();
    List<AuthChallenge> challenges = AuthChallenge.parseAll(response.headers().allValues("WWW-Authenticate"));
    for (AuthChallenge c : challenges) {
      if (!c.is("Digest") || c.param("nonce").isEmpty() || c.param("realm").isEmpty()) continue;
      String algorithm = c.param("algorithm").orElse("MD5").toUpperCase(Locale.ROOT);
      if (supported(algorithm).isEmpty()) continue;
      boolean stale = c.param("stale").map(v -> v.equalsIgnoreCase("true")).orElse(false);
      // The answer we sent used this very nonce and the server still says no, without calling it
      // stale: the credentials are wrong. (A different nonce means our pre-emptive answer was
      // for an older or other challenge: answer the new one.)
      String sentNonce = sent.headers().firstValue("Authorization")
          .filter(v -> v.regionMatches(true, 0, "Digest ", 0, 7))
          .flatMap(v -> AuthChallenge.parseAll(List.of(v)).stream().findFirst())
          .flatMap(a -> a.param("nonce"))
          .orElse(null);
      if (sentNonce != null && sentNonce.equals(c.param("nonce").orElse("")) && !stale) {
        // Our answer to a fresh nonce was refused: the credentials are wrong. Forget them.
        reset();
        return Optional.empty();
      }
      State next = new State(sent.url().origin(), c, algorithm, 1);
      lock.lock();
      try {
        state = next;
      } finally {
        lock.unlock();
      }
      return Optional.of(withAuthorization(sent, next));
    }
    return Optional.empty();
  }

  private void reset() {
    lock.lock();
    try {
      state = null;
    } finally {
      lock.unlock();
    }
  }

  private Request withAuthorization(Request request, State s) {
    String uri = request.url().target();
    byte[] body = null;
    String qop = chooseQop(s.challenge.param("qop").orElse(null));
    if ("auth-int".equals(qop)) {
      body = bodyBytes(request);
      if (body == null) qop = "auth"; // cannot hash a one-shot or huge body: fall back if offered
      if (body == null && !offers(s.challenge.param("qop").orElse(""), "auth")) return request;
    }
    String header = authorization(s.challenge, s.algorithm, request.method(), uri, s.nonceCount, cnonces.get(),
        qop, body);
    return request.newBuilder().setHeader("Authorization", header).build();
  }

  private static byte[] bodyBytes(Request request) {
    Body b = request.body().orElse(Body.empty());
    if (!b.isReplayable() || b.contentLength() < 0 || b.contentLength() > MAX_AUTH_INT_BODY) return null;
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) b.contentLength());
    try {
      b.writeTo(out);
    } catch (IOException e) {
      return null;
    }
    return out.toByteArray();
  }

  private static String chooseQop(String offered) {
    if (offered == null) return null;
    if (offers(offered, "auth")) return "auth";
    if (offers(offered, "auth-int")) return "auth-int";
    return null;
  }

  private static boolean offers(String offered, String qop) {
    for (String part : offered.split(",")) {
      if (part.trim().equalsIgnoreCase(qop)) return true;
    }
    return false;
  }

  /** The Authorization value (RFC 7616, Section 3.4); package-private for the RFC's test vectors. */
  String authorization(AuthChallenge c, String algorithm, String method, String uri, long nc, String cnonce,
      String qop, byte[] body) {
    String realm = c.param("realm").orElse("");
    String nonce = c.param("nonce").orElse("");
    Digest.Algorithm hash = supported(algorithm).orElseThrow(
        () -> new IllegalArgumentException("unsupported digest algorithm: " + algorithm));
    boolean userhash = c.param("userhash").map(v -> v.equalsIgnoreCase("true")).orElse(false);
    String ncValue = Digest.nonceCount(nc);
    String response = Digest.response(hash, user, realm, password, method, uri, nonce, ncValue, cnonce, qop, body);

    StringBuilder h = new StringBuilder("Digest ");
    if (userhash) {
      h.append("username=\"").append(Digest.userhash(hash, user, realm)).append('"');
    } else if (isPlainAscii(user)) {
      h.append("username=\"").append(quote(user)).append('"');
    } else {
      h.append("username*=UTF-8''").append(rfc8187(user)); // RFC 7616, Section 3.4.4
    }
    h.append(", realm=\"").append(quote(realm)).append('"');
    h.append(", uri=\"").append(quote(uri)).append('"');
    h.append(", algorithm=").append(algorithm);
    h.append(", nonce=\"").append(quote(nonce)).append('"');
    if (qop != null) {
      h.append(", nc=").append(ncValue);
      h.append(", cnonce=\"").append(quote(cnonce)).append('"');
      h.append(", qop=").append(qop);
    }
    h.append(", response=\"").append(response).append('"');
    c.param("opaque").ifPresent(o -> h.append(", opaque=\"").append(quote(o)).append('"'));
    if (userhash) h.append(", userhash=true");
    return h.toString();
  }

  /** The algorithm named in a challenge, if it is one RFC 7616 registers (Section 6.1). */
  static Optional<Digest.Algorithm> supported(String algorithm) {
    return Digest.Algorithm.forName(algorithm).filter(Digest.Algorithm::registered);
  }

  private static boolean isPlainAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f) return false;
    }
    return true;
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** RFC 8187 ext-value encoding of UTF-8 bytes (attr-char kept, the rest %XX). */
  private static String rfc8187(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "Auth.digest(" + user + ", " + Url.MASK + ")";
  }
}
