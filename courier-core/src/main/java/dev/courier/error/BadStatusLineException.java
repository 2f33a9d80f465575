package dev.courier.error;

/**
 * The response did not start with a valid status line (Python's {@code BadStatusLine}); the
 * message quotes what came, escaped and cut to 80 characters.
 *
 * <pre>{@code
 * catch (BadStatusLineException e) { log.warn("not HTTP: {}", e.line()); }
 * }</pre>
 */
public class BadStatusLineException extends HttpProtocolException {
  private static final long serialVersionUID = 1L;

  private final String line;

  /** {@code line} (ISO-8859-1, possibly cut) is not a status line, for {@code reason}. */
  public BadStatusLineException(String line, String reason, String url, Throwable cause) {
    super("bad status line " + quote(line) + ": " + reason, url, cause);
    this.line = line;
  }

  /** The offending line as received (ISO-8859-1), possibly cut. */
  public String line() {
    return line;
  }

  private static String quote(String line) {
    StringBuilder out = new StringBuilder("\"");
    int n = Math.min(line.length(), 80);
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\x%02x", (int) c));
      }
    }
    if (line.length() > n) out.append("...");
    return out.append('"').toString();
  }
}
