package dev.courier.client;

/**
 * No pooled connection became free within the pool's acquire timeout: every connection allowed
 * for the route (or in total) is in use. Often a sign of responses that are never closed.
 *
 * <pre>{@code
 * catch (PoolTimeoutException e) { log.warn("pool exhausted; are responses closed?"); }
 * }</pre>
 */
public final class PoolTimeoutException extends HttpClientException {
  private static final long serialVersionUID = 1L;

  public PoolTimeoutException(String message) {
    super(Phase.CONNECT, false, message, null);
  }
}
