package dev.courier.http.wire;

/**
 * The HTTP versions of an exchange: the two this codec speaks on the wire (RFC 9112, Section 2.3),
 * and HTTP/2, which the {@code h2} codec carries.
 *
 * <pre>{@code
 * HttpVersion.HTTP_1_1.text();   // "HTTP/1.1"
 * }</pre>
 */
public enum HttpVersion {
  /** HTTP/1.0 (RFC 1945): connections close after each message unless keep-alive is asked for. */
  HTTP_1_0("HTTP/1.0"),
  /** HTTP/1.1 (RFC 9112): persistent connections by default. */
  HTTP_1_1("HTTP/1.1"),
  /**
   * HTTP/2 (RFC 9113): binary frames, many streams on one connection. Never on an HTTP/1.1 wire;
   * it names the protocol of an exchange that went over {@code dev.courier.http.h2}.
   */
  HTTP_2("HTTP/2");

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
