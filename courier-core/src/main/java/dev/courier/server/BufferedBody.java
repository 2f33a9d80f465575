package dev.courier.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read whole into one array ({@link ServerRequest#bodyBytes()}), within a cap. A
 * body whose Content-Length is known and at most {@link #EXACT_UP_TO} gets an array of exactly that
 * size at once, read into directly (large reads go from the socket straight into it); any other
 * grows as its bytes arrive, so a client that announces a length and sends nothing holds at most
 * that much of the server's heap.
 */
final class BufferedBody {
  /** The largest announced length given its array before its bytes come. */
  static final int EXACT_UP_TO = 1024 * 1024;

  private BufferedBody() {}

  /**
   * The whole body of {@code in}, whose Content-Length is {@code contentLength} (-1: unknown).
   *
   * @throws HttpResponseException 413 when it is longer than {@code cap}
   */
  static byte[] read(InputStream in, long contentLength, long cap) throws IOException {
    if (contentLength > cap) throw tooLarge(cap);
    if (contentLength < 0 || contentLength > EXACT_UP_TO) return readGrowing(in, cap);
    byte[] bytes = new byte[(int) contentLength];
    int n = in.readNBytes(bytes, 0, bytes.length);
    if (n < bytes.length) return java.util.Arrays.copyOf(bytes, n);
    int next = in.read();
    if (next < 0) return bytes;
    // Longer than announced: a stream not framed by its Content-Length (the server's own ends there).
    if (n + 1L > cap) throw tooLarge(cap);
    ByteArrayOutputStream out = new ByteArrayOutputStream(n * 2 + 2);
    out.write(bytes, 0, n);
    out.write(next);
    byte[] rest = readGrowing(in, cap - n - 1);
    out.write(rest, 0, rest.length);
    return out.toByteArray();
  }

  private static byte[] readGrowing(InputStream in, long cap) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(cap, Integer.MAX_VALUE - 8));
    if (bytes.length == cap && in.read() >= 0) throw tooLarge(cap);
    return bytes;
  }

  private static HttpResponseException tooLarge(long cap) {
    return new HttpResponseException(413, "request body over " + cap + " bytes");
  }
}
