/**
 * The requests-style API: {@link dev.courier.Courier} one-liners over a default
 * {@link dev.courier.Session}; immutable {@link dev.courier.Request}s built fluently;
 * {@link dev.courier.Response}s with {@code text()}, {@code bytes()}, {@code json()} and streaming;
 * {@link dev.courier.Body} and {@link dev.courier.Multipart} bodies; {@link dev.courier.Auth}
 * (Basic, Bearer, Digest, netrc); {@link dev.courier.Retry}; {@link dev.courier.Timeouts};
 * {@link dev.courier.Hook}s and {@link dev.courier.Interceptor}s; and one exception hierarchy
 * under {@link dev.courier.error.CourierException}.
 *
 * <pre>{@code
 * Response r = Courier.get("https://api.github.com");
 * r.statusCode();                 // 200
 * r.json().get("current_user_url").asText();
 * }</pre>
 *
 * <p>Each call runs a chain whose order is written in one method ({@code Session.call}): the
 * session's defaults, the caller's interceptors, retries/auth challenges/redirects
 * ({@code FollowUpStep}), the bridge ({@code BridgeStep}: Host, framing, Accept-Encoding and
 * decoding, cookies), then connect and exchange ({@code ExchangeStep} over the
 * {@code dev.courier.client} connection pool).
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier;
