package dev.courier.client;

import dev.courier.error.CourierException;
import dev.courier.http.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A response body that tells its {@link ExchangeListener} when it ends: {@code responseBodyEnd}
 * with the bytes read at the end of the stream or when closed before it, {@code responseFailed}
 * when a read fails, then {@code connectionReleased}; each once. Only round trips with a listener
 * pay for this wrapper.
 */
final class ListenedBody extends InputStream implements TrailerSource {
  private final InputStream in;
  private final ExchangeListener listener;
  private final AtomicBoolean reported = new AtomicBoolean(); // close() may come from another thread
  private long bytes;

  ListenedBody(InputStream in, ExchangeListener listener) {
    this.in = in;
    this.listener = listener;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = in.read();
      if (b < 0) {
        ended();
      } else {
        bytes++;
      }
      return b;
    } catch (CourierException e) {
      failed(e);
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      int n = in.read(b, off, len);
      if (n < 0) {
        ended();
      } else {
        bytes += n;
      }
      return n;
    } catch (CourierException e) {
      failed(e);
      throw e;
    }
  }

  @Override
  public Headers trailers() {
    return in instanceof TrailerSource source ? source.trailers() : Headers.empty();
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    try {
      in.close(); // the connection goes back to the pool (or is closed) first
    } finally {
      ended();
    }
  }

  private void ended() {
    if (reported.compareAndSet(false, true)) {
      listener.responseBodyEnd(bytes);
      listener.connectionReleased();
    }
  }

  private void failed(CourierException failure) {
    if (reported.compareAndSet(false, true)) {
      listener.responseFailed(failure);
      listener.connectionReleased();
    }
  }
}
