package dev.courier.client;

import dev.courier.client.Failures.Phase;
import dev.courier.http.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A response body read from one HTTP/2 stream, as the round tripper hands it up: failures of the
 * stream (a reset, a lost connection, a read that waited past the read timeout) become the
 * {@link dev.courier.error.CourierException}s an HTTP/1.1 body throws, and closing it before the
 * end resets the stream with CANCEL (RFC 9113 section 8.1), which costs the connection nothing.
 */
final class H2Body extends InputStream implements TrailerSource {
  private final H2Call call;
  private final InputStream in;
  private final String url;
  private final Duration readTimeout;
  private volatile boolean ended;
  private volatile boolean complete; // read to END_STREAM (not failed, not closed before)

  H2Body(H2Call call, String url, Duration readTimeout) {
    this.call = call;
    this.in = call.body();
    this.url = url;
    this.readTimeout = readTimeout;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    try {
      int n = in.read(b, off, len);
      if (n < 0) {
        ended = true;
        complete = true;
      }
      return n;
    } catch (IOException e) {
      ended = true;
      call.cancel();
      throw Failures.translate(e, Phase.READ_BODY, url, readTimeout);
    }
  }

  @Override
  public Headers trailers() {
    if (!complete) throw TrailerSource.notYet();
    return call.trailers();
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() {
    if (!ended) {
      ended = true;
      call.cancel(); // a stream already ended is not reset
    }
  }
}
