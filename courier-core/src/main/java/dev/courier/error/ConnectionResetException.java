package dev.courier.error;

/**
 * The peer reset the connection, or it broke while we wrote ("broken pipe"), in the middle of an
 * exchange.
 *
 * <pre>{@code
 * catch (ConnectionResetException e) { if (!e.mayHaveReachedServer()) resend(); }
 * }</pre>
 */
public class ConnectionResetException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  /** A reset seen while exchanging with {@code url}. */
  public ConnectionResetException(String message, String url, boolean mayHaveReachedServer,
      Throwable cause) {
    super(message, url, mayHaveReachedServer, cause);
  }
}
