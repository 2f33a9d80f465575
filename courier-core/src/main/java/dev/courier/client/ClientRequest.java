package dev.courier.client;

import dev.courier.http.Headers;
import dev.courier.http.Url;
import java.time.Duration;
import java.util.Objects;

/**
 * A request ready for the wire, as a {@link RoundTripper} sends it: the method, the URL (its
 * origin picks the route, its path and query are the request target), the final header fields
 * (Host and framing included), the body, and the timeouts of this one exchange.
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
 */
public record ClientRequest(String method, Url url, Headers headers, RequestContent content,
    Duration connectTimeout, Duration readTimeout) {

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
  }

  /** A request with the default timeouts of {@link ClientDefaults}. */
  public static ClientRequest of(String method, Url url, Headers headers, RequestContent content) {
    return new ClientRequest(method, url, headers, content, ClientDefaults.CONNECT_TIMEOUT,
        ClientDefaults.READ_TIMEOUT);
  }

  /** A copy with these timeouts (zero: no limit). */
  public ClientRequest withTimeouts(Duration connect, Duration read) {
    return new ClientRequest(method, url, headers, content, connect, read);
  }
}
