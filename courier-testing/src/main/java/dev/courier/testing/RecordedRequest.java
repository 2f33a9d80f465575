package dev.courier.testing;

import dev.courier.http.FormData;
import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as {@link MockServer} read it, for assertions. The body is kept up to the server's
 * cap ({@link MockServer.Builder#bodyLimit}) and counted in full. Sequence numbers start at 0:
 * {@link #sequenceNumber()} over the server's life, {@link #connectionSequenceNumber()} on its
 * connection, so a second request with a connection sequence number of 1 reused a connection.
 *
 * <pre>{@code
 * RecordedRequest request = server.takeRequest();
 * assertEquals("POST", request.method());
 * assertEquals("/users", request.path());
 * assertEquals(List.of("2"), request.queryParameters().get("page"));
 * assertEquals("{\"name\":\"Ada\"}", request.bodyText());
 * }</pre>
 *
 * @param method the method token, e.g. {@code GET}
 * @param target the request-target as sent, e.g. {@code /users?page=2}
 * @param version the protocol version of the request line
 * @param headers the header fields in the order received
 * @param body the body bytes, at most the server's body limit
 * @param bodySize how many body bytes arrived (may exceed {@code body.length})
 * @param trailers the trailer fields of a chunked request body
 * @param sequenceNumber the order of this request among all the server received, from 0
 * @param connectionIndex which connection carried it, in accept order, from 0
 * @param connectionSequenceNumber the order of this request on its connection, from 0
 * @param tls the TLS session's details, empty over plain TCP
 * @param arrivedAt when the request head was complete
 */
public record RecordedRequest(
    String method,
    String target,
    HttpVersion version,
    Headers headers,
    byte[] body,
    long bodySize,
    Headers trailers,
    int sequenceNumber,
    int connectionIndex,
    int connectionSequenceNumber,
    Optional<TlsDetails> tls,
    Instant arrivedAt) {

  /** What the TLS handshake settled, as the server saw it. */
  public record TlsDetails(String protocol, String cipherSuite, String applicationProtocol,
      List<String> serverNames) {
    /** Copies the list. */
    public TlsDetails {
      serverNames = List.copyOf(serverNames);
    }
  }

  /** Checks that nothing is null. */
  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(headers, "headers");
    body = body.clone();
    Objects.requireNonNull(trailers, "trailers");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(arrivedAt, "arrivedAt");
  }

  /** A copy of the body bytes kept. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** True when the body was longer than the server keeps. */
  public boolean bodyTruncated() {
    return bodySize > body.length;
  }

  /** The path of the target: origin-form up to {@code ?}, or the path of an absolute-form one. */
  public String path() {
    String path = target;
    int scheme = path.indexOf("://");
    if (!path.startsWith("/") && scheme > 0) {
      int slash = path.indexOf('/', scheme + 3);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** The raw query after {@code ?}, if any. */
  public Optional<String> query() {
    int query = target.indexOf('?');
    return query < 0 ? Optional.empty() : Optional.of(target.substring(query + 1));
  }

  /** The query decoded as {@code application/x-www-form-urlencoded}, names in order. */
  public Map<String, List<String>> queryParameters() {
    return query().map(FormData::parse).orElse(FormData.empty()).toMap();
  }

  /** The first value of a header field. */
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The request line, e.g. {@code GET /a?b=1 HTTP/1.1}. */
  public String requestLine() {
    return method + " " + target + " " + version.text();
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "#" + sequenceNumber + " (connection " + connectionIndex + ", #" + connectionSequenceNumber
        + ") " + requestLine() + "\n" + headers + (bodySize > 0 ? "\n[" + bodySize + " body bytes]" : "");
  }
}
