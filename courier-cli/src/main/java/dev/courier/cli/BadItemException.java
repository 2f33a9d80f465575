package dev.courier.cli;

/**
 * A request item or argument the command cannot use; its message names the item and what is
 * wrong, and the command prints it as one line and exits with status 1.
 *
 * <pre>{@code
 * throw new BadItemException("'a:=[1,' : invalid JSON at column 6");
 * }</pre>
 */
final class BadItemException extends RuntimeException {
  BadItemException(String message) {
    super(message);
  }

  BadItemException(String message, Throwable cause) {
    super(message, cause);
  }
}
