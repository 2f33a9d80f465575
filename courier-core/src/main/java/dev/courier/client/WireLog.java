package dev.courier.client;

import dev.courier.http.Headers;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;
import java.io.PrintStream;

/**
 * The debug output of {@link HttpConnection}, like {@code http.client}'s {@code set_debuglevel}:
 * level 1 logs request and response heads, level 2 adds body sizes; bodies themselves never.
 * Credential values (Authorization, Proxy-Authorization, Cookie, Set-Cookie) are hidden. Lines go
 * to the {@code dev.courier.client.wire} logger at INFO, or to a {@link PrintStream} when one is
 * given (Python prints to stdout).
 */
final class WireLog {
  private static final System.Logger LOG = System.getLogger("dev.courier.client.wire");
  static final WireLog OFF = new WireLog(0, "", null);

  /** Heads only. */
  static final int HEADS = 1;
  /** Heads and body sizes. */
  static final int BODIES = 2;

  private final int level;
  private final String prefix;
  private final PrintStream out; // null: the logger

  WireLog(int level, String prefix, PrintStream out) {
    this.level = level;
    this.prefix = prefix;
    this.out = out;
  }

  /** Checks a debug level: 0 (off), 1 (heads) or 2 (heads and body sizes). */
  static int requireLevel(int level) {
    if (level < 0 || level > BODIES) {
      throw new IllegalArgumentException("debug level must be 0 (off), 1 (heads) or 2 (heads and body sizes): " + level);
    }
    return level;
  }

  boolean isOn() {
    return level > 0;
  }

  int level() {
    return level;
  }

  void request(RequestHead head) {
    if (level > 0) {
      emit(format("> ", head.method() + " " + head.target() + " " + head.version().text(), head.headers()));
    }
  }

  void response(ResponseHead head) {
    if (level > 0) {
      emit(format("< ", head.version().text() + " " + head.status()
          + (head.reason().isEmpty() ? "" : " " + head.reason()), head.headers()));
    }
  }

  /** At level 2: how many body bytes went out ({@code >}) or came in ({@code <}). */
  void bodySize(String arrow, long bytes, String how) {
    if (level >= BODIES) {
      emit(prefix + arrow + "body: " + bytes + " bytes" + (how.isEmpty() ? "" : " (" + how + ")"));
    }
  }

  void note(String message) {
    if (level > 0) {
      emit(prefix + "* " + message);
    }
  }

  private void emit(String text) {
    if (out != null) {
      out.println(text);
    } else {
      LOG.log(System.Logger.Level.INFO, text);
    }
  }

  private String format(String arrow, String startLine, Headers headers) {
    StringBuilder out = new StringBuilder(prefix).append(arrow).append(startLine);
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      out.append('\n').append(prefix).append(arrow).append(name).append(": ")
          .append(Headers.isSensitive(name) ? "<hidden>" : headers.value(i));
    }
    return out.toString();
  }
}
