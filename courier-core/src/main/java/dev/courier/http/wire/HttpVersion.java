package dev.courier.http.wire;

/**
 * The HTTP versions this codec speaks on the wire (RFC 9112, Section 2.3).
 *
 * <pre>{@code
 * HttpVersion.HTTP_1_1.text();   // "HTTP/1.1"
 * }</pre>
 */
public enum HttpVersion {
  /** HTTP/1.0 (RFC 1945): connections close after each message unless keep-alive is asked for. */
  HTTP_1_0("HTTP/1.0"),
  /** HTTP/1.1 (RFC 9112): persistent connections by default. */
  HTTP_1_1("HTTP/1.1");

  private final String text;

  HttpVersion(String text) {
    this.text = text;
  }

  /** The protocol version as written on the wire, e.g. {@code HTTP/1.1}. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
