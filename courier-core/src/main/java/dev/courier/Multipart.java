package dev.courier;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code multipart/form-data} body (RFC 7578): text fields and files, the files streamed from
 * disk when the body is written, never held in memory whole.
 *
 * <p>The boundary is 128 random bits, so it cannot occur in the parts by accident. Names and file
 * names are written in UTF-8 with {@code "}, CR and LF percent-encoded, as browsers do (WHATWG
 * HTML, "multipart/form-data encoding algorithm"), so a file name cannot inject a header.
 *
 * <pre>{@code
 * Body body = Multipart.builder()
 *     .field("title", "Quarterly report")
 *     .file("doc", Path.of("q3.pdf"))                                   // application/pdf, filename="q3.pdf"
 *     .file("data", Path.of("raw.bin"), "export.csv", "text/csv")
 *     .part("meta", Body.json(Map.of("v", 2)), null, Headers.of("X-Part", "1"))
 *     .build();
 * session.post(url, body);
 * }</pre>
 */
public final class Multipart implements Body {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] DASHES = {'-', '-'};

  private final String boundary;
  private final List<Part> parts;
  private final long length;

  private Multipart(String boundary, List<Part> parts) {
    this.boundary = boundary;
    this.parts = List.copyOf(parts);
    this.length = computeLength();
  }

  /** A builder with a fresh random boundary. */
  public static Builder builder() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return new Builder("courier-" + HexFormat.of().formatHex(random));
  }

  /**
   * A builder with this boundary (curl's and HTTPie's {@code --boundary}): the caller makes sure
   * it occurs in no part.
   *
   * <pre>{@code
   * Multipart.builder("my-boundary").field("a", "1").build().contentType();   // multipart/form-data; boundary=my-boundary
   * }</pre>
   *
   * @throws IllegalArgumentException unless 1 to 70 characters of RFC 2046's {@code bchars}
   *     (letters, digits, {@code '()+_,-./:=?} and space) not ending with a space (Section 5.1.1)
   */
  public static Builder builder(String boundary) {
    Objects.requireNonNull(boundary, "boundary");
    if (boundary.isEmpty() || boundary.length() > 70) {
      throw new IllegalArgumentException("a multipart boundary has 1 to 70 characters, not " + boundary.length()
          + " (RFC 2046, Section 5.1.1)");
    }
    for (int i = 0; i < boundary.length(); i++) {
      char c = boundary.charAt(i);
      boolean bchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "'()+_,-./:=? ".indexOf(c) >= 0;
      if (!bchar) {
        throw new IllegalArgumentException(String.format(
            "unexpected char 0x%02x at %d in multipart boundary (RFC 2046, Section 5.1.1)", (int) c, i));
      }
    }
    if (boundary.endsWith(" ")) {
      throw new IllegalArgumentException("a multipart boundary must not end with a space (RFC 2046, Section 5.1.1)");
    }
    return new Builder(boundary);
  }

  /** The boundary between parts. */
  public String boundary() {
    return boundary;
  }

  /** The number of parts. */
  public int size() {
    return parts.size();
  }

  @Override
  public Optional<String> contentType() {
    // RFC 2046, Section 5.1.1: a boundary with characters outside a token is sent quoted
    return Optional.of("multipart/form-data; boundary=" + (FieldSyntax.isToken(boundary) ? boundary : "\"" + boundary + "\""));
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public boolean isReplayable() {
    for (Part part : parts) if (!part.body.isReplayable()) return false;
    return true;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    byte[] boundaryBytes = boundary.getBytes(StandardCharsets.US_ASCII);
    for (Part part : parts) {
      out.write(DASHES);
      out.write(boundaryBytes);
      out.write(CRLF);
      out.write(part.head);
      part.body.writeTo(out);
      out.write(CRLF);
    }
    out.write(DASHES);
    out.write(boundaryBytes);
    out.write(DASHES);
    out.write(CRLF);
  }

  private long computeLength() {
    long boundaryLength = boundary.length();
    long total = 2 + boundaryLength + 2 + 2; // closing delimiter "--" boundary "--" CRLF
    for (Part part : parts) {
      long bodyLength = part.body.contentLength();
      if (bodyLength < 0) return -1;
      total += 2 + boundaryLength + 2 + part.head.length + bodyLength + 2;
    }
    return total;
  }

  @Override
  public String toString() {
    return "Multipart[" + parts.size() + " parts, boundary=" + boundary + "]";
  }

  private record Part(byte[] head, Body body) {}

  /** Collects the parts of a {@link Multipart} body, in order. */
  public static final class Builder {
    private final String boundary;
    private final List<Part> parts = new ArrayList<>();

    private Builder(String boundary) {
      this.boundary = boundary;
    }

    /** A text field, sent as UTF-8 without a part content type (RFC 7578, Section 4.4). */
    public Builder field(String name, String value) {
      return add(name, null, null, Headers.empty(), Body.of(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** A file part streamed from disk: file name from the path, content type guessed from it. */
    public Builder file(String name, Path path) {
      String fileName = path.getFileName().toString();
      return file(name, path, fileName, Bodies.guessContentType(fileName));
    }

    /** A file part streamed from disk with the given file name and content type. */
    public Builder file(String name, Path path, String fileName, String contentType) {
      Objects.requireNonNull(fileName, "fileName");
      return add(name, fileName, contentType, Headers.empty(), Body.file(path, contentType));
    }

    /** Bytes sent as a file part. */
    public Builder file(String name, byte[] content, String fileName, String contentType) {
      Objects.requireNonNull(fileName, "fileName");
      return add(name, fileName, contentType, Headers.empty(), Body.of(content));
    }

    /**
     * Any body as a part; {@code fileName} may be null; {@code headers} are extra part headers
     * (the body's content type is added unless {@code headers} has one; a
     * {@code Content-Disposition} there is refused, it is built from the name).
     */
    public Builder part(String name, Body body, String fileName, Headers headers) {
      if (headers.contains("Content-Disposition")) {
        throw new IllegalArgumentException("Content-Disposition is built from the part name; do not set it");
      }
      String type = headers.contains("Content-Type") ? null : body.contentType().orElse(null);
      return add(name, fileName, type, headers, body);
    }

    private Builder add(String name, String fileName, String contentType, Headers extra, Body body) {
      Objects.requireNonNull(name, "name");
      StringBuilder head = new StringBuilder("Content-Disposition: form-data; name=\"");
      head.append(escape(name)).append('"');
      if (fileName != null) head.append("; filename=\"").append(escape(fileName)).append('"');
      head.append("\r\n");
      if (contentType != null) {
        head.append("Content-Type: ").append(Bodies.checkContentType(contentType)).append("\r\n");
      }
      extra.forEach((n, v) -> head.append(n).append(": ").append(v).append("\r\n"));
      head.append("\r\n");
      parts.add(new Part(head.toString().getBytes(StandardCharsets.UTF_8), body));
      return this;
    }

    /** The body. */
    public Multipart build() {
      return new Multipart(boundary, parts);
    }

    /** WHATWG HTML: names and file names escape LF, CR and {@code "} as %0A, %0D, %22. */
    static String escape(String s) {
      StringBuilder out = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '\n' -> out.append("%0A");
          case '\r' -> out.append("%0D");
          case '"' -> out.append("%22");
          default -> out.append(c);
        }
      }
      return out.toString();
    }
  }

  /** The whole body as bytes (tests and small bodies only). */
  byte[] toByteArray() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTo(out);
    return out.toByteArray();
  }
}
