package dev.courier;

import java.util.Optional;

/**
 * Credentials for requests. Courier applies a session's or request's auth only to the origin
 * (scheme, host, port) of the request it was given for: after a redirect to another origin, or
 * from https to http, nothing is sent, and a caller-set {@code Authorization} header is removed.
 *
 * <p>Built in: {@link #basic} (RFC 7617), {@link #bearer} (RFC 6750), {@link #digest} (RFC 7616:
 * MD5, SHA-256, their -sess variants, qop=auth, nonce counting, stale nonces) and {@link #netrc}.
 * Your own scheme implements {@link #apply} (sign, add a header) and optionally
 * {@link #onChallenge} (answer a 401).
 *
 * <pre>{@code
 * Session s = Session.builder().auth(Auth.basic("ada", "s3cret")).build();
 * Courier.send(Request.get(url).auth(Auth.digest("ada", "s3cret")).build());
 * Auth hmac = request -> request.newBuilder().setHeader("X-Signature", sign(request)).build();
 * }</pre>
 */
@FunctionalInterface
public interface Auth {
  /**
   * The request with credentials added, before it is sent (every attempt, every same-origin hop).
   * Returns a new request; requests are immutable.
   */
  Request apply(Request request);

  /**
   * Called with a 401 answer to a request this auth applied to; returns the request to send
   * instead, or empty to hand the 401 to the caller. Called at most twice per call (the second
   * time only after a fresh challenge, as Digest's {@code stale=true} needs).
   */
  default Optional<Request> onChallenge(Request sent, Response response) {
    return Optional.empty();
  }

  /** HTTP Basic (RFC 7617) with UTF-8 credentials, sent with the first request. */
  static Auth basic(String user, String password) {
    return new BasicAuth(user, password);
  }

  /** {@code Authorization: Bearer <token>} (RFC 6750). */
  static Auth bearer(String token) {
    return new BearerAuth(token);
  }

  /**
   * HTTP Digest (RFC 7616): answers the server's 401 challenge (MD5, SHA-256, SHA-512-256 and
   * their {@code -sess} variants, qop {@code auth}); then sends credentials pre-emptively with an
   * increasing nonce count, and starts over on {@code stale=true}. Thread-safe; share one per session.
   */
  static Auth digest(String user, String password) {
    return new DigestAuth(user, password);
  }

  /** Basic credentials from this netrc for each request's host (and only that host). */
  static Auth netrc(Netrc netrc) {
    return new NetrcAuth(netrc);
  }

  /** Basic credentials from {@code $NETRC} or {@code ~/.netrc}; does nothing when there is no file. */
  static Auth netrc() {
    return Netrc.load().<Auth>map(NetrcAuth::new).orElse(request -> request);
  }
}
