package dev.courier.client;

import dev.courier.http.Headers;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;

/**
 * The debug switch of {@link HttpConnection}: logs request and response heads (never bodies) to
 * the {@code dev.courier.client.wire} logger at INFO, with credential values hidden.
 */
final class WireLog {
  private static final System.Logger LOG = System.getLogger("dev.courier.client.wire");
  static final WireLog OFF = new WireLog(false, "");

  private final boolean on;
  private final String prefix;

  WireLog(boolean on, String prefix) {
    this.on = on;
    this.prefix = prefix;
  }

  boolean isOn() {
    return on;
  }

  void request(RequestHead head) {
    if (on) {
      LOG.log(System.Logger.Level.INFO, format("> ", head.method() + " " + head.target() + " "
          + head.version().text(), head.headers()));
    }
  }

  void response(ResponseHead head) {
    if (on) {
      LOG.log(System.Logger.Level.INFO, format("< ", head.version().text() + " " + head.status()
          + (head.reason().isEmpty() ? "" : " " + head.reason()), head.headers()));
    }
  }

  void note(String message) {
    if (on) {
      LOG.log(System.Logger.Level.INFO, prefix + "* " + message);
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
