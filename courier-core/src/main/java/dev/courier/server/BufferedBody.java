package dev.courier.server;

import dev.courier.internal.AnnouncedBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read whole into one array ({@link ServerRequest#bodyBytes()}), within a cap. A
 * body whose Content-Length is known is read into an array that ends exactly full ({@link
 * AnnouncedBody}: its own size at once up to 1 MiB, past that once a quarter of it has come; large
 * reads go from the socket straight into it), so a client that announces a length and sends nothing
 * holds at most 1 MiB of the server's heap; a body of unknown length grows as it comes.
 */
final class BufferedBody {
  private BufferedBody() {}

  /**
   * The whole body of {@code in}, whose Content-Length is {@code contentLength} (-1: unknown).
   *
   * @throws HttpResponseException 413 when it is longer than {@code cap}
   */
  static byte[] read(InputStream in, long contentLength, long cap) throws IOException {
    if (contentLength > cap) throw tooLarge(cap);
    if (contentLength < 0 || contentLength > Integer.MAX_VALUE - 8) return readGrowing(in, cap);
    byte[] bytes = AnnouncedBody.read(in, (int) contentLength);
    int n = bytes.length;
    if (n < contentLength) return bytes;
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
