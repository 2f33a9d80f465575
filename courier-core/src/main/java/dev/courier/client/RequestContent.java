package dev.courier.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The body of a {@link ClientRequest}, in the form the connection sends it. The request's head
 * frames it ({@code Content-Length} or {@code Transfer-Encoding: chunked}); the form decides what
 * the {@link RoundTripper} can do with it:
 *
 * <ul>
 *   <li>{@link #bytes}: sent with the head in one write, and sent once more on a fresh connection
 *       when a reused one turns out to have been closed by the server, if the request's method is
 *       idempotent, nothing of it left, or {@link ClientRequest#resendAllowed()};
 *   <li>{@link #stream}: read by the connection from a stream opened for the send and closed
 *       after; a server that answers before the body has been sent (a 413) is heard;
 *   <li>{@link #writer}: written by the caller's code right after the head.
 * </ul>
 *
 * <p>{@code Expect: 100-continue} (RFC 9110, Section 10.1.1) holds the body back until the server
 * says {@code 100 Continue} (or a second passes); that needs a body the connection reads itself,
 * so bytes and streams wait and a plain writer does not. {@link #writer(ContentWriter, StreamOpener,
 * long)} gives both forms of one body and lets the round tripper choose.
 *
 * <pre>{@code
 * RequestContent.bytes("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
 * RequestContent.stream(() -> Files.newInputStream(path), Files.size(path));
 * RequestContent.writer(out -> out.write(payload));
 * }</pre>
 */
public final class RequestContent {
  /** Writes a body to the connection's output; called once per send. */
  @FunctionalInterface
  public interface ContentWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Opens the stream a body is read from; called once per send, the stream is closed after. */
  @FunctionalInterface
  public interface StreamOpener {
    InputStream open() throws IOException;
  }

  /** The forms, as the round tripper tells them apart. */
  enum Kind { NONE, BYTES, STREAM, WRITER }

  private static final RequestContent NONE = new RequestContent(Kind.NONE, null, null, null, 0);

  private final Kind kind;
  private final byte[] bytes;
  private final StreamOpener opener;
  private final ContentWriter writer;
  private final long length;

  private RequestContent(Kind kind, byte[] bytes, StreamOpener opener, ContentWriter writer, long length) {
    this.kind = kind;
    this.bytes = bytes;
    this.opener = opener;
    this.writer = writer;
    this.length = length;
  }

  /** No body. */
  public static RequestContent none() {
    return NONE;
  }

  /** These bytes (not copied: do not change them while the request is sent). */
  public static RequestContent bytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new RequestContent(Kind.BYTES, bytes, null, null, bytes.length);
  }

  /** The bytes of the stream {@code opener} opens: exactly {@code length} of them, or all when -1. */
  public static RequestContent stream(StreamOpener opener, long length) {
    return new RequestContent(Kind.STREAM, null, Objects.requireNonNull(opener, "opener"), null,
        checkLength(length));
  }

  /** What {@code writer} writes; sent right after the head, even when 100 Continue was asked for. */
  public static RequestContent writer(ContentWriter writer) {
    return new RequestContent(Kind.WRITER, null, null, Objects.requireNonNull(writer, "writer"), -1);
  }

  /**
   * What {@code writer} writes, or, when the request expects {@code 100 Continue}, the same bytes
   * read from the stream {@code opener} opens ({@code length} of them, or all when -1): for a body
   * that can be had both ways, such as a one-shot stream.
   */
  public static RequestContent writer(ContentWriter writer, StreamOpener opener, long length) {
    return new RequestContent(Kind.WRITER, null, Objects.requireNonNull(opener, "opener"),
        Objects.requireNonNull(writer, "writer"), checkLength(length));
  }

  private static long checkLength(long length) {
    if (length < -1) {
      throw new IllegalArgumentException("length must be -1 (unknown) or more: " + length);
    }
    return length;
  }

  Kind kind() {
    return kind;
  }

  /** The bytes of {@link Kind#BYTES}. */
  byte[] bytes() {
    return bytes;
  }

  /** The stream of {@link Kind#STREAM}, or the other form of a {@link Kind#WRITER}; null if none. */
  StreamOpener opener() {
    return opener;
  }

  /**
   * Opens the stream form for one send; a stream that ends before {@link #length()} bytes fails
   * with an {@link IOException} rather than ending the body short.
   */
  InputStream openStream() throws IOException {
    return AnnouncedLengthSource.of(opener.open(), length);
  }

  /** The writer of {@link Kind#WRITER}. */
  ContentWriter writer() {
    return writer;
  }

  /** The length in bytes, -1 when unknown. */
  long length() {
    return length;
  }

  @Override
  public String toString() {
    return "RequestContent[" + kind.name().toLowerCase(java.util.Locale.ROOT)
        + (length >= 0 && kind != Kind.NONE ? ", " + length + " bytes" : "") + "]";
  }
}
