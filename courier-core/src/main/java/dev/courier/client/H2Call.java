package dev.courier.client;

import dev.courier.error.ConnectionException;
import dev.courier.error.CourierException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.http.Headers;
import dev.courier.http.h2.H2ResponseHead;
import dev.courier.internal.WaitWatchdog;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * One request on its stream of an {@link H2Connection}, driven by the caller's thread: the body as
 * DATA under flow control (RFC 9113 section 6.9), then the response head, body and trailers. Each
 * wait is bounded by the caller's read timeout (zero: no limit).
 */
final class H2Call {
  private final H2Connection connection;
  private final H2ClientStreams streams;
  private final H2ClientWriter writer;
  private final H2ClientStream stream;
  private final Duration readTimeout;

  H2Call(H2Connection connection, H2ClientStreams streams, H2ClientWriter writer, H2ClientStream stream,
      Duration readTimeout) {
    this.connection = connection;
    this.streams = streams;
    this.writer = writer;
    this.stream = stream;
    this.readTimeout = readTimeout;
  }

  /**
   * Sends body bytes as DATA, waiting for flow-control credit at most the read timeout; bytes
   * after the server's complete answer are dropped.
   *
   * @throws CourierException when the stream failed (reset, refused, connection lost)
   */
  void write(byte[] b, int off, int len) {
    send(b, off, len, false);
  }

  /** The most payload one DATA frame of this call carries ({@link H2ClientWriter#dataFrameSize}). */
  int dataFrameSize() {
    return writer.dataFrameSize();
  }

  /** Ends the request body (an empty DATA frame with END_STREAM). */
  void finish() {
    send(new byte[0], 0, 0, true);
  }

  private void send(byte[] body, int offset, int length, boolean end) {
    int off = offset;
    int limit = offset + length;
    do {
      int n = streams.credit(stream, limit - off, writer.dataFrameSize(), readTimeout);
      if (n < 0) return;
      try {
        writer.data(stream.id(), body, off, n, end && off + n == limit);
      } catch (IOException e) {
        connection.close();
        throw Failures.translate(e, Failures.Phase.SEND_REQUEST, stream.url().toString(), readTimeout);
      }
      off += n;
    } while (off < limit);
  }

  /** Waits for the final response head. */
  H2ResponseHead awaitHead() {
    CompletableFuture<H2ResponseHead> head = stream.head();
    // The wait is untimed and the watchdog ends it: a timed get costs a timer on a virtual thread.
    WaitWatchdog.Deadline deadline = null;
    if (!readTimeout.isZero() && !head.isDone()) {
      deadline = WaitWatchdog.deadline(() -> head.completeExceptionally(new TimeoutException()));
      deadline.arm(readTimeout.toNanos());
    }
    String url = stream.url().toString();
    try {
      return head.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException && deadline != null && deadline.expired()) {
        cancel();
        throw new ReadTimeoutException(url, readTimeout, e.getCause());
      }
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new ConnectionException(String.valueOf(e.getCause().getMessage()), url, true, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new ConnectionException("interrupted", url, true, e);
    } finally {
      if (deadline != null) deadline.disarm();
    }
  }

  /** The response body as it arrives (after {@link #awaitHead()}). */
  InputStream body() {
    return stream.body();
  }

  /** The trailer fields; complete once {@link #body()} has ended. */
  Headers trailers() {
    return stream.trailers();
  }

  /** Abandons the stream: RST_STREAM CANCEL if still open; waits on it fail with {@code why}. */
  void abort(RuntimeException why) {
    connection.fail(stream, why, new IOException(why.getMessage(), why));
    cancel();
  }

  /** Abandons what is left of the stream: RST_STREAM CANCEL if it is still open. */
  void cancel() {
    connection.cancel(stream);
  }
}
