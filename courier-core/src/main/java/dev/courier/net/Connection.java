package dev.courier.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * An open, bidirectional byte stream to a peer: a TCP socket, a Unix-domain socket, or TLS over
 * either's TCP form. Knows nothing of HTTP.
 *
 * <p>The streams are not buffered: callers read into their own buffers and write whole heads in
 * one call. A read that waits longer than {@link #readTimeout()} throws
 * {@link java.net.SocketTimeoutException}, after which the connection may be closed (the system
 * transport closes it: its reads are ended by closing); {@link #readWithin} is the wait that
 * leaves the connection usable.
 *
 * <p>A connection is used by one thread at a time; {@link #close()} may be called from any thread
 * to abort a blocked read.
 *
 * <pre>{@code
 * try (Connection c = Transport.system().connect(Endpoint.tcp("127.0.0.1", 8080), ConnectOptions.defaults())) {
 *   c.output().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
 *   int n = c.input().read(buffer);
 * }
 * }</pre>
 */
public interface Connection extends Closeable {

  /** The peer this connection was opened to. */
  Endpoint endpoint();

  /** Bytes from the peer; {@code read} returns -1 at end of stream. */
  InputStream input();

  /** Bytes to the peer. */
  OutputStream output();

  /** The current read timeout (zero: none). */
  Duration readTimeout();

  /** Sets the longest a single read may wait (zero: forever). */
  void readTimeout(Duration timeout) throws IOException;

  /**
   * Reads like {@code input().read(buffer, offset, length)} but waits at most {@code wait}, and a
   * wait that ends with nothing leaves the connection usable: for short waits after which the
   * caller goes on (the 100-continue wait, a probe of an idle connection).
   *
   * <pre>{@code
   * try {
   *   int n = connection.readWithin(buffer, 0, buffer.length, Duration.ofMillis(1));
   * } catch (SocketTimeoutException quiet) {
   *   // nothing came; the connection is still open
   * }
   * }</pre>
   *
   * @throws java.net.SocketTimeoutException when nothing came within {@code wait}
   */
  default int readWithin(byte[] buffer, int offset, int length, Duration wait) throws IOException {
    Duration before = readTimeout();
    readTimeout(wait);
    try {
      return input().read(buffer, offset, length);
    } finally {
      readTimeout(before);
    }
  }

  /**
   * Whether bytes from the peer have arrived that the next read returns without waiting for the
   * peer: for a reader that batches work until a read would wait. False when unknown; under TLS
   * true only when decrypted bytes are held or a whole record has surely come.
   *
   * <pre>{@code
   * if (!connection.hasInputWaiting()) wakeEveryoneOwed();   // the read below may wait
   * int n = connection.input().read(buffer);
   * }</pre>
   */
  default boolean hasInputWaiting() {
    return false;
  }

  /** The TLS session when this connection is encrypted. */
  default Optional<SSLSession> tlsSession() {
    return Optional.empty();
  }

  /** The ALPN protocol the TLS peer chose, if any (for example {@code "http/1.1"}). */
  default Optional<String> applicationProtocol() {
    return Optional.empty();
  }

  /** Whether {@link #close()} has not been called and the socket is still connected. */
  boolean isOpen();

  /** Sends FIN after the bytes written so far; reading stays possible. */
  void shutdownOutput() throws IOException;

  /**
   * The underlying {@link java.net.Socket} when there is one (TCP and TLS; not Unix-domain), for
   * layering TLS over a plain connection or a proxy tunnel.
   */
  default Optional<java.net.Socket> socket() {
    return Optional.empty();
  }

  /** Closes both directions; idempotent. */
  @Override
  void close() throws IOException;
}
