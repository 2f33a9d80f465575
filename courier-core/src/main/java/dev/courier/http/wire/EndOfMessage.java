package dev.courier.http.wire;

/**
 * The current message is complete. {@link Http1Parser#keepAlive()} then says whether another
 * message may follow on the same connection.
 *
 * <pre>{@code
 * if (parser.next() instanceof EndOfMessage) respond();
 * }</pre>
 */
public record EndOfMessage() implements HttpEvent {
  /** The one instance the parser returns. */
  public static final EndOfMessage INSTANCE = new EndOfMessage();
}
