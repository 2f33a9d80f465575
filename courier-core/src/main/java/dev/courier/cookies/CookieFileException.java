package dev.courier.cookies;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A cookie file that cannot be read: names the file, the line and what is wrong with it.
 *
 * <pre>{@code
 * try {
 *   CookieFiles.load(path);
 * } catch (CookieFileException e) {
 *   e.lineNumber();   // 7
 * }
 * }</pre>
 */
public final class CookieFileException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final int lineNumber;

  public CookieFileException(Path file, int lineNumber, String message) {
    super((file == null ? "cookie file" : file.toString()) + ":" + lineNumber + ": " + message);
    this.file = file;
    this.lineNumber = lineNumber;
  }

  /** The file, when the content came from one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The 1-based line number of the malformed line (for JSON, where the cookie object starts). */
  public int lineNumber() {
    return lineNumber;
  }
}
