package dev.courier;

import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import java.io.InputStream;

/**
 * The bottom of the chain: connects (or takes a pooled connection) and exchanges one request for
 * a response head and its raw body. The request's headers are final (the bridge has set Host,
 * framing, Accept-Encoding and cookies). Failures come out as {@link
 * dev.courier.error.CourierException}s, translated by the client, that say whether the request
 * may have reached the server. Closing the body returns the connection to the pool when it
 * was read to the end and discards it otherwise.
 */
interface Exchanger extends AutoCloseable {
  /**
   * Exchanges {@code request}. {@code watchdog} is given an action that aborts the exchange (closes
   * the connection) once there is one to abort: the call's deadline runs it.
   */
  RawResponse exchange(Request request, Timeouts timeouts, Watchdog watchdog);

  @Override
  void close();

  /** A response head and its undecoded body. */
  record RawResponse(int statusCode, String reason, HttpVersion version, Headers headers, InputStream body) {}
}
