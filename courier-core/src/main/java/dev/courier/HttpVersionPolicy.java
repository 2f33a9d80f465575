package dev.courier;

import dev.courier.http.wire.HttpVersion;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which HTTP versions a session speaks, as OkHttp's protocol list and the JDK client's {@code
 * version()} choose: HTTP/2 when the server agrees (the default), HTTP/1.1 only, or HTTP/2 only.
 * {@link dev.courier.Response#version()} says which one an exchange used.
 *
 * <pre>{@code
 * Session s = Session.builder().httpVersionPolicy(HttpVersionPolicy.HTTP_1_1).build();
 * }</pre>
 *
 * <p>Through a proxy's CONNECT tunnel the choice is made with the server as on a direct
 * connection; plain-http requests through a forwarding proxy always use HTTP/1.1.
 */
public enum HttpVersionPolicy {
  /** HTTP/1.1 only: TLS offers ALPN {@code http/1.1} alone. */
  HTTP_1_1,
  /**
   * The default: over TLS, ALPN offers {@code h2} and {@code http/1.1} and the server's choice is
   * used; plaintext uses HTTP/1.1 (as browsers, OkHttp and the JDK client do).
   */
  HTTP_2_PREFERRED,
  /**
   * HTTP/2 only: over TLS, ALPN offers {@code h2} alone, and a server that does not choose it is a
   * {@link dev.courier.error.TlsException}; plaintext speaks h2c with prior knowledge (RFC 9113
   * section 3.3), for servers known to speak it.
   */
  HTTP_2_ONLY;

  /** The versions allowed, as the round tripper takes them. */
  Set<HttpVersion> versions() {
    return switch (this) {
      case HTTP_1_1 -> EnumSet.of(HttpVersion.HTTP_1_1);
      case HTTP_2_PREFERRED -> EnumSet.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_2);
      case HTTP_2_ONLY -> EnumSet.of(HttpVersion.HTTP_2);
    };
  }
}
