package dev.courier.client;

import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.net.TlsSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request ready for the wire, as a {@link RoundTripper} sends it: the method, the URL (its
 * origin picks the route, its path and query are the request target), the final header fields
 * (Host and framing included), the body, the timeouts of this one exchange, and whether it may be
 * sent twice.
 *
 * <pre>{@code
 * ClientRequest request = ClientRequest.of("GET", Url.parse("http://127.0.0.1:8080/status"),
 *         Headers.of("Host", "127.0.0.1:8080"), RequestContent.none())
 *     .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
 * }</pre>
 *
 * @param method the request method, a token
 * @param url an {@code http} or {@code https} URL
 * @param headers the fields sent as they are; the round tripper adds none
 * @param content the body, {@link RequestContent#none()} for none
 * @param connectTimeout for a new connection: TCP connect, TLS handshake, proxy tunnel (zero: none)
 * @param readTimeout the longest silence between two reads of this exchange (zero: none)
 * @param resendAllowed whether the request may be sent once more on a new connection, whatever its
 *     method, when its reused connection turns out closed before any response byte though the
 *     server may have read it; idempotent methods (RFC 9110, Section 9.2.2) may be in any case.
 *     Default false: a POST or PATCH the server may have processed is not sent twice
 * @param tls TLS settings for this request instead of the round tripper's; they are part of the
 *     route, so connections made with other settings are never shared with it
 * @param proxies proxy rules for this request instead of the round tripper's (also part of the route)
 */
public record ClientRequest(String method, Url url, Headers headers, RequestContent content,
    Duration connectTimeout, Duration readTimeout, boolean resendAllowed, Optional<TlsSettings> tls,
    Optional<ProxyRules> proxies) {

  public ClientRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(content, "content");
    if (Objects.requireNonNull(connectTimeout, "connectTimeout").isNegative()) {
      throw new IllegalArgumentException("connectTimeout is negative: " + connectTimeout);
    }
    if (Objects.requireNonNull(readTimeout, "readTimeout").isNegative()) {
      throw new IllegalArgumentException("readTimeout is negative: " + readTimeout);
    }
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(proxies, "proxies");
  }

  /** A request with the round tripper's TLS settings and proxies. */
  public ClientRequest(String method, Url url, Headers headers, RequestContent content,
      Duration connectTimeout, Duration readTimeout, boolean resendAllowed) {
    this(method, url, headers, content, connectTimeout, readTimeout, resendAllowed, Optional.empty(), Optional.empty());
  }

  /** A request that is not sent twice unless its method is idempotent. */
  public ClientRequest(String method, Url url, Headers headers, RequestContent content,
      Duration connectTimeout, Duration readTimeout) {
    this(method, url, headers, content, connectTimeout, readTimeout, false);
  }

  /** A request with the default timeouts of {@link ClientDefaults}. */
  public static ClientRequest of(String method, Url url, Headers headers, RequestContent content) {
    return new ClientRequest(method, url, headers, content, ClientDefaults.CONNECT_TIMEOUT,
        ClientDefaults.READ_TIMEOUT);
  }

  /** A copy with these timeouts (zero: no limit). */
  public ClientRequest withTimeouts(Duration connect, Duration read) {
    return new ClientRequest(method, url, headers, content, connect, read, resendAllowed, tls, proxies);
  }

  /**
   * A copy that may, or may not, be sent once more on a stale connection whatever its method (see
   * {@link #resendAllowed()}); allow it only when the server can tell a repeat.
   *
   * <pre>{@code
   * ClientRequest post = ClientRequest.of("POST", url, headers, RequestContent.bytes(json))
   *     .withResendAllowed(true); // the server de-duplicates by Idempotency-Key
   * }</pre>
   */
  public ClientRequest withResendAllowed(boolean allowed) {
    return new ClientRequest(method, url, headers, content, connectTimeout, readTimeout, allowed, tls, proxies);
  }

  /**
   * A copy sent with these TLS settings instead of the round tripper's (requests' {@code verify=}
   * and {@code cert=} on one call).
   *
   * <pre>{@code
   * ClientRequest pinned = request.withTls(TlsSettings.builder().trustedCertificates(Path.of("ca.pem")).build());
   * }</pre>
   */
  public ClientRequest withTls(TlsSettings settings) {
    return new ClientRequest(method, url, headers, content, connectTimeout, readTimeout, resendAllowed,
        Optional.of(settings), proxies);
  }

  /** A copy sent through these proxy rules instead of the round tripper's. */
  public ClientRequest withProxies(ProxyRules rules) {
    return new ClientRequest(method, url, headers, content, connectTimeout, readTimeout, resendAllowed, tls,
        Optional.of(rules));
  }
}
