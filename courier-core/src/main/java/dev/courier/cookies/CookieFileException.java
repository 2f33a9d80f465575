package dev.courier.cookies;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A cookie file whose content cannot be used: names the file, the line and what is wrong with it.
 * Unchecked, like every {@link dev.courier.error.CourierException}; a file that cannot be read at all (missing, no
 * permission) is still an {@link java.io.IOException} from {@link CookieFiles}.
 *
 * <pre>{@code
 * try {
 *   CookieFiles.load(path);
 * } catch (CookieFileException e) {
 *   e.lineNumber();   // 7
 * }
 * }</pre>
 */
public final class CookieFileException extends CookieException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final int lineNumber;

  /**
   * A problem at {@code lineNumber} of {@code file}.
   *
   * @param file the file, or null when the content did not come from one
   * @param lineNumber the 1-based line, or 0 when the problem is the file as a whole
   * @param message what is wrong, without the file and line (they are prepended)
   */
  public CookieFileException(Path file, int lineNumber, String message) {
    // No request was sent: nothing can have reached a server.
    super((file == null ? "cookie file" : file.toString()) + ":" + lineNumber + ": " + message);
    this.file = file;
    this.lineNumber = lineNumber;
  }

  /** The file, when the content came from one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * The 1-based line number of the malformed line (for JSON, where the cookie object starts); 0
   * when the file as a whole is refused (too large).
   */
  public int lineNumber() {
    return lineNumber;
  }
}
