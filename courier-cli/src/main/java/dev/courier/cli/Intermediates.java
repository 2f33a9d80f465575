package dev.courier.cli;

import dev.courier.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;

/**
 * {@code --all}: the responses a call moves past (a redirect it follows, an auth challenge it
 * answers) are printed too, as HTTPie does. Whether a response is one of them is known only when
 * the next attempt starts, and by then the session has closed it; so a response that may be one
 * (3xx, 401, 407) has its body read here first (up to {@link #MAX_KEPT}; the rest, if any, stays
 * a stream) and is handed on rebuilt over those bytes, the same to whoever reads it.
 *
 * <pre>{@code
 * Intermediates all = new Intermediates(printer);
 * // in a network interceptor:
 * all.nextAttempt();                      // prints the response before this attempt, if any
 * return all.keep(chain.proceed(chain.request()));
 * }</pre>
 */
final class Intermediates {
  /** Redirect and challenge bodies are a line or two; a bigger one is shown up to this much. */
  static final int MAX_KEPT = 1 << 20;

  private final Printer printer;
  private Response pending; // the last response that may be intermediate, with its kept bytes

  Intermediates(Printer printer) {
    this.printer = printer;
  }

  /** Another attempt starts: the response before it was intermediate, and is printed now. */
  void nextAttempt() {
    Response before = pending;
    pending = null;
    if (before != null) printer.response(before);
  }

  /** The response of an attempt, to hand on: the same, or rebuilt over its read body. */
  Response keep(Response answer) {
    int code = answer.statusCode();
    if (!(code >= 300 && code < 400) && code != 401 && code != 407) {
      pending = null;
      return answer;
    }
    byte[] kept;
    InputStream rest;
    try {
      InputStream in = answer.stream();
      kept = in.readNBytes(MAX_KEPT);
      rest = in;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the response body: " + e.getMessage(), e);
    }
    // a stream: a kept prefix of a longer body does not match its Content-Length
    pending = kept.length == 0 ? answer.newBuilder().body(new byte[0]).build()
        : answer.newBuilder().body(new ByteArrayInputStream(kept)).build();
    if (kept.length < MAX_KEPT) {
      answer.close();
      return answer.newBuilder().body(kept).build();
    }
    // more than was kept: the rest is read from the network by whoever reads the body
    return answer.newBuilder().body(new SequenceInputStream(new ByteArrayInputStream(kept), rest)).build();
  }
}
