package dev.courier.testing;

import dev.courier.Adapter;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.error.BadStatusLineException;
import dev.courier.error.ConnectionResetException;
import dev.courier.error.IncompleteReadException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.RemoteDisconnectedException;
import dev.courier.http.Headers;
import dev.courier.http.wire.BodyFraming;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Turns a {@link MockResponse} into the {@link Response} (or the exception) Courier's network
 * client would have produced from it, for {@link MockTransport}.
 */
final class TransportResponses {
  private TransportResponses() {}

  static Response toResponse(MockResponse mock, Request request, Adapter.Exchange exchange) {
    String url = request.url().redacted();
    switch (mock.fault()) {
      case CLOSE_AT_START, CLOSE_AFTER_REQUEST -> throw new RemoteDisconnectedException(
          "the server closed the connection without sending a response", url, true, null);
      case RESET_AFTER_REQUEST -> throw new ConnectionResetException(
          "the server reset the connection", url, true, null);
      case STALL -> throw new ReadTimeoutException(url, exchange.timeouts().read(), null);
      case GARBAGE -> throw new BadStatusLineException("MockTransport garbage", "not a status line", url, null);
      default -> { }
    }
    // a head later than the read timeout is that timeout; sooner, memory has no reason to wait
    if (mock.headDelay().compareTo(exchange.timeouts().read()) > 0) {
      throw new ReadTimeoutException(url, exchange.timeouts().read(), null);
    }
    byte[] body = mock.bodyBytes();
    boolean chunked = mock.chunkSize() > 0 || mock.fault() == Fault.TRUNCATED_CHUNK;
    Headers.Builder fields = mock.headers().newBuilder();
    // RFC 9110, Section 8.6: none on 1xx, 204, 304 or a 2xx to CONNECT; a HEAD answer has one
    if (!fields.firstValue("Content-Length").isPresent() && !fields.firstValue("Transfer-Encoding").isPresent()
        && BodyFraming.sendsContentLength(request.method(), mock.status(), 0)) {
      fields.add(chunked ? "Transfer-Encoding" : "Content-Length", chunked ? "chunked" : Integer.toString(body.length));
    }
    Response.Builder out = Response.builder().request(request).statusCode(mock.status()).headers(fields.build());
    if (!mock.reason().isEmpty()) {
      out.reason(mock.reason());
    }
    boolean hasContent = !request.method().equals("HEAD") && mock.status() >= 200 && mock.status() != 204
        && mock.status() != 304;
    if (!hasContent) {
      return out.build();
    }
    return switch (mock.fault()) {
      case CLOSE_AFTER_HEAD -> out.body(cut(body, 0, chunked ? -1 : body.length, url)).build();
      case CLOSE_MID_BODY, RESET_MID_BODY, TRUNCATED_CHUNK ->
          out.body(cut(body, body.length / 2, chunked ? -1 : body.length, url)).build();
      default -> out.body(body).build();
    };
  }

  /** A body that gives the first {@code keep} bytes, then fails as a connection closed mid-body does. */
  private static InputStream cut(byte[] body, int keep, long expected, String url) {
    return new ByteArrayInputStream(Arrays.copyOf(body, keep)) {
      @Override
      public int read(byte[] b, int off, int len) {
        int n = super.read(b, off, len);
        if (n < 0 && len > 0) {
          throw new IncompleteReadException(keep, expected, "connection closed", url, null);
        }
        return n;
      }

      @Override
      public int read() {
        int n = super.read();
        if (n < 0) {
          throw new IncompleteReadException(keep, expected, "connection closed", url, null);
        }
        return n;
      }
    };
  }
}
