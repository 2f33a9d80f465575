package dev.courier.http.wire;

/**
 * No further HTTP message will be read from this connection: the peer closed it between
 * messages, the last message was not persistent ({@code Connection: close}, HTTP/1.0 without
 * keep-alive, a close-delimited body), or the connection became a tunnel (CONNECT, 101 Switching
 * Protocols; see {@link Http1Parser#isTunnel()}).
 *
 * <pre>{@code
 * if (parser.next() instanceof Closed) socket.close();
 * }</pre>
 */
public record Closed() implements HttpEvent {
  /** The one instance the parser returns. */
  public static final Closed INSTANCE = new Closed();
}
