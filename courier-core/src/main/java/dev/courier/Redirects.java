package dev.courier;

import dev.courier.error.CourierException;
import dev.courier.error.InvalidUrlException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The redirect rules (RFC 9110, Section 15.4), pure: given the request as the caller built it and
 * a 3xx answer, the request to send next.
 *
 * <ul>
 *   <li>Followed: 301, 302, 303, 307 and 308 with a {@code Location}, resolved against the
 *       response URL (RFC 3986, Section 5); only to http and https.
 *   <li>303 turns any method but HEAD into GET (Section 15.4.4); 301 and 302 turn POST into GET,
 *       as browsers do and the RFC allows (Sections 15.4.2, 15.4.3); 307 and 308 keep method and
 *       body (Sections 15.4.8, 15.4.9), which then must be replayable.
 *   <li>A request that becomes body-less drops its {@code Content-*} and
 *       {@code Transfer-Encoding} headers (urllib3 CVE-2023-45803 kept the body).
 *   <li>Leaving the origin (scheme, host or port change) or going from https to http removes
 *       {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} and any header the
 *       session marks origin-scoped (requests CVE-2018-18074, CVE-2023-32681; urllib3
 *       CVE-2018-20060, CVE-2024-37891; curl CVE-2018-1000007). Jar cookies are computed afresh
 *       for each hop by the bridge, so they follow their own domain rules.
 * </ul>
 */
final class Redirects {
  /** Default redirect limit: 30, as requests; browsers stop near 20, curl at 50. */
  static final int DEFAULT_MAX = 30;

  /** Sends no credentials: what {@link Response#next()} sets when a redirect leaves the origin. */
  static final Auth NO_AUTH = request -> request;

  static final Set<String> ALWAYS_SCOPED = Set.of("authorization", "proxy-authorization", "cookie");

  private Redirects() {}

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * The next request, or empty when the response is not a redirect to follow.
   *
   * @throws InvalidUrlException when {@code Location} is not a valid http(s) reference
   * @throws CourierException when a 307/308 would need a one-shot body sent again
   */
  static Optional<Request> next(Request sent, Response response, Set<String> scopedHeaders) {
    if (!isRedirect(response.statusCode())) return Optional.empty();
    Optional<String> location = response.header("Location");
    if (location.isEmpty()) return Optional.empty();
    Url base = response.url();
    Url target;
    try {
      target = base.resolve(location.get().trim()).withoutFragment();
    } catch (IllegalArgumentException e) {
      throw new InvalidUrlException("redirect to an invalid Location: " + e.getMessage(),
          Url.redact(location.get()), null);
    }
    // a Unix socket is reached only from itself: a server elsewhere must not redirect into one
    boolean sameSocket = target.scheme().equals(Url.HTTP_UNIX) && target.sameOrigin(base);
    if (!target.scheme().equals("http") && !target.scheme().equals("https") && !sameSocket) {
      throw new InvalidUrlException("redirect to unsupported scheme \"" + target.scheme() + "\"",
          target.redacted(), null);
    }
    if (target.host().isEmpty()) {
      throw new InvalidUrlException("redirect to a URL without a host", target.redacted(), null);
    }

    Request.Builder next = sent.newBuilder().url(target);
    int status = response.statusCode();
    String method = sent.method();
    boolean toGet = (status == 303 && !method.equals("HEAD"))
        || ((status == 301 || status == 302) && method.equals("POST"));
    if (toGet) {
      next.method("GET").body(null);
      dropContentHeaders(sent.headers(), next);
    } else if (sent.body().isPresent() && !sent.body().get().isReplayable()) {
      throw new CourierException("cannot follow a " + status + " redirect: the request body is a one-shot"
          + " stream and the method must be kept with its body; use a replayable Body",
          target.redacted(), null);
    }
    if (leavesTrust(sent.url(), target)) {
      next.dropHeader("Authorization").dropHeader("Proxy-Authorization").dropHeader("Cookie");
      for (String h : scopedHeaders) next.dropHeader(h);
    }
    return Optional.of(next.build());
  }

  /** True when credentials for {@code from} must not go to {@code to}. */
  static boolean leavesTrust(Url from, Url to) {
    return !from.sameOrigin(to) || (from.isHttps() && !to.isHttps());
  }

  private static void dropContentHeaders(Headers headers, Request.Builder next) {
    for (String name : headers.names()) {
      if (name.startsWith("content-") || name.equals("transfer-encoding")) next.dropHeader(name);
    }
  }

  static String normalise(String header) {
    return header.toLowerCase(Locale.ROOT);
  }
}
