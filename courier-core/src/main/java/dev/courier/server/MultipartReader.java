package dev.courier.server;

import dev.courier.http.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Reads {@code multipart/form-data} (RFC 7578 over RFC 2046 section 5.1) from a stream, one part at
 * a time, without buffering a part: the parts of {@link ServerRequest#multipart()}.
 *
 * <p>Theory of operation. The body is read into one buffer. A delimiter is {@code CRLF "--"
 * boundary}; the body is treated as if preceded by a CRLF, so the first delimiter (which may open
 * the body) looks like every other. A part's content is found with the streamed Knuth-Morris-Pratt
 * search of {@link MultipartForm.Search}: each byte is examined a bounded number of times whatever
 * the boundary (the client's choice), and every byte before the current partial match is content
 * that can be handed out, so a part of any size streams through a fixed buffer. After a delimiter
 * comes {@code "--"} (the end; the epilogue is left unread), or transport padding and a CRLF, then
 * the part's header lines up to an empty line.
 *
 * <p>Bad input is answered, never guessed at: a boundary over 70 characters, a body ending inside a
 * part, a malformed boundary line or header, a part without {@code Content-Disposition: form-data}
 * and a name are 400 (RFC 7578 section 4.2); past a {@link FormLimits} limit is 413.
 */
final class MultipartReader implements Iterator<FormPart> {
  private final InputStream in;
  private final FormLimits limits;
  private final MultipartForm.Search delimiter;
  private final byte[] buf;
  private int start; // first unconsumed byte
  private int end; // end of buffered bytes
  private int scan; // next byte for the delimiter search
  private int matched; // delimiter bytes matched just before scan
  private int delimiterAt = -1; // where a found delimiter starts, else -1
  private long total; // body bytes read from the stream
  private long partBytes; // content bytes of the current part handed out or skipped
  private int parts;
  private boolean started;
  private boolean done;
  private boolean inContent; // the current part's content is not read to its delimiter yet
  private FormPart next;

  MultipartReader(InputStream in, String boundary, FormLimits limits) {
    if (boundary.isEmpty() || boundary.length() > MultipartForm.MAX_BOUNDARY) {
      throw new HttpResponseException(400, "the multipart boundary must be 1 to " + MultipartForm.MAX_BOUNDARY
          + " characters (RFC 2046 section 5.1.1)");
    }
    this.in = in;
    this.limits = limits;
    this.delimiter = new MultipartForm.Search(("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), new long[1]);
    this.buf = new byte[Math.max(16 * 1024, limits.maxPartHeaderBytes() + 2) + 2 * delimiter.length()];
    buf[0] = '\r';
    buf[1] = '\n';
    end = 2;
    inContent = true; // the preamble, read as content and dropped
  }

  @Override
  public boolean hasNext() {
    if (next != null) return true;
    if (done) return false;
    try {
      if (inContent) skipContent();
      if (!started) {
        started = true;
        partBytes = 0;
      }
      if (!afterDelimiter()) {
        done = true;
        return false;
      }
      if (++parts > limits.maxParts()) throw new HttpResponseException(413, "more than " + limits.maxParts() + " form parts");
      next = readHead();
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public FormPart next() {
    if (!hasNext()) throw new NoSuchElementException("no more form parts");
    FormPart part = next;
    next = null;
    return part;
  }

  private void skipContent() throws IOException {
    byte[] skip = new byte[8192];
    while (readContent(skip, 0, skip.length) >= 0) {
      // counted against the limits as it goes
    }
  }

  /** Content bytes of the current part (or preamble) into {@code b}; -1 at its delimiter. */
  int readContent(byte[] b, int off, int len) throws IOException {
    if (!inContent) return -1;
    while (true) {
      if (delimiterAt >= 0) {
        if (start < delimiterAt) return handOut(b, off, len, delimiterAt);
        start = delimiterAt + delimiter.length();
        delimiterAt = -1;
        inContent = false;
        return -1;
      }
      int need = delimiter.length();
      while (scan < end && matched < need) matched = delimiter.step(matched, buf[scan++]);
      if (matched == need) {
        delimiterAt = scan - need;
        matched = 0;
        continue;
      }
      int safe = scan - matched; // bytes before a partial match cannot start a delimiter
      if (start < safe) return handOut(b, off, len, safe);
      if (!fill()) throw new HttpResponseException(400, "the multipart body ends inside a part (no closing boundary)");
    }
  }

  private int handOut(byte[] b, int off, int len, int limit) {
    int n = Math.min(len, limit - start);
    if (started) {
      partBytes += n;
      if (partBytes > limits.maxPartBytes()) {
        throw new HttpResponseException(413, "a form part is over " + limits.maxPartBytes() + " bytes");
      }
    }
    System.arraycopy(buf, start, b, off, n);
    start += n;
    return n;
  }

  /** After a delimiter: false at the close delimiter, true before a part's head (RFC 2046 section 5.1.1). */
  private boolean afterDelimiter() throws IOException {
    ensure(2);
    if (end - start >= 2 && buf[start] == '-' && buf[start + 1] == '-') return false;
    int padding = 0;
    while (true) {
      ensure(1);
      if (start == end) throw new HttpResponseException(400, "the multipart body ends after a boundary");
      byte c = buf[start];
      if (c != ' ' && c != '\t') break;
      start++;
      if (++padding > limits.maxPartHeaderBytes()) throw new HttpResponseException(413, "a boundary line is too long");
    }
    ensure(2);
    if (end - start < 2 || buf[start] != '\r' || buf[start + 1] != '\n') {
      throw new HttpResponseException(400, "malformed multipart boundary line");
    }
    start += 2;
    return true;
  }

  /** The header lines of a part up to the empty line, then the part with its content stream. */
  private FormPart readHead() throws IOException {
    Headers.Builder headers = Headers.builder();
    int headBytes = 0;
    while (true) {
      int lineEnd;
      int checked = 0; // bytes after start known to hold no LF: a slow client costs no rescans
      while (true) {
        int i = start + checked;
        while (i < end && buf[i] != '\n') i++;
        if (i < end) {
          lineEnd = i;
          break;
        }
        checked = end - start;
        if (headBytes + checked > limits.maxPartHeaderBytes()) {
          throw new HttpResponseException(413, "a form part's header is over " + limits.maxPartHeaderBytes() + " bytes");
        }
        if (!fill()) throw new HttpResponseException(400, "the multipart body ends inside a part's header");
      }
      int length = lineEnd + 1 - start;
      headBytes += length;
      if (headBytes > limits.maxPartHeaderBytes()) {
        throw new HttpResponseException(413, "a form part's header is over " + limits.maxPartHeaderBytes() + " bytes");
      }
      if (length < 2 || buf[lineEnd - 1] != '\r') throw new HttpResponseException(400, "a form part's header line must end with CRLF");
      String line = new String(buf, start, length - 2, StandardCharsets.UTF_8);
      start = lineEnd + 1;
      if (line.isEmpty()) break;
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw new HttpResponseException(400, "malformed form part header line");
      }
      try {
        headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      } catch (IllegalArgumentException e) {
        throw new HttpResponseException(400, "malformed form part header: " + e.getMessage());
      }
    }
    Headers h = headers.build();
    String disposition = h.firstValue("Content-Disposition").orElseThrow(
        () -> new HttpResponseException(400, "a form part without Content-Disposition (RFC 7578 section 4.2)"));
    int semi = disposition.indexOf(';');
    String type = (semi < 0 ? disposition : disposition.substring(0, semi)).trim();
    if (!type.toLowerCase(Locale.ROOT).equals("form-data")) {
      throw new HttpResponseException(400, "a form part's disposition must be form-data, not " + type);
    }
    String name = MultipartForm.param(disposition, "name");
    if (name == null) throw new HttpResponseException(400, "a form part without a name (RFC 7578 section 4.2)");
    String filename = MultipartForm.param(disposition, "filename");
    String contentType = h.firstValue("Content-Type").orElse("text/plain");
    partBytes = 0;
    scan = start;
    matched = 0;
    inContent = true;
    return new FormPart(h, name, filename, contentType, new PartStream(parts));
  }

  /** Buffers at least {@code n} bytes after {@code start} unless the body ends first. */
  private void ensure(int n) throws IOException {
    while (end - start < n && fill()) {
      // read on
    }
  }

  /** Moves unconsumed bytes to the front and reads more; false at the end of the body. */
  private boolean fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      scan -= start;
      if (delimiterAt >= 0) delimiterAt -= start;
      start = 0;
    }
    if (end == buf.length) throw new IllegalStateException("multipart buffer full"); // cannot happen: see the constructor
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) return false;
    total += n;
    if (total > limits.maxTotalBytes()) {
      throw new HttpResponseException(413, "the multipart body is over " + limits.maxTotalBytes() + " bytes");
    }
    end += n;
    return true;
  }

  /** The content of part number {@code index}; reads nothing once the reader moved past it. */
  private final class PartStream extends InputStream {
    private final int index;

    PartStream(int index) {
      this.index = index;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (index != parts || next != null) return -1; // a later part was reached
      if (len == 0) return 0;
      return readContent(b, off, len);
    }
  }
}
