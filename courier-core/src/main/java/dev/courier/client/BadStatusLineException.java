package dev.courier.client;

/**
 * The response did not start with a valid status line (like Python's {@code BadStatusLine}); the
 * message quotes what came, escaped and cut to 80 characters.
 *
 * <pre>{@code
 * catch (BadStatusLineException e) { log.warn("not HTTP: {}", e.line()); }
 * }</pre>
 */
public final class BadStatusLineException extends HttpProtocolException {
  private static final long serialVersionUID = 1L;

  private final String line;

  public BadStatusLineException(String line, String reason, Throwable cause) {
    super(Phase.READ_HEAD, true, 400, "bad status line " + quote(line) + ": " + reason, cause);
    this.line = line;
  }

  /** The offending line as received (ISO-8859-1), possibly cut. */
  public String line() {
    return line;
  }

  static String quote(String line) {
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
    if (line.length() > n) {
      out.append("...");
    }
    return out.append('"').toString();
  }
}
