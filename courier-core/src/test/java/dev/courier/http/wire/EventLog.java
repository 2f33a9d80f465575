package dev.courier.http.wire;

import dev.courier.http.Headers;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Drives a parser over some input, fed in pieces, and writes what happened as the corpus's event
 * lines: heads with their fields, the body joined, trailers, ends with the persistence decision,
 * {@code closed}, or {@code error STATUS message}.
 */
final class EventLog {
  private EventLog() {}

  /** Parses {@code input} fed in pieces of the sizes {@code pieces} gives (cycled), then the end. */
  static List<String> run(Http1Parser parser, byte[] input, boolean eof, IntUnaryOperator pieces) {
    List<String> out = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int offset = 0;
    int round = 0;
    try {
      while (true) {
        if (offset < input.length) {
          int n = Math.max(1, Math.min(pieces.applyAsInt(round++), input.length - offset));
          parser.feed(input, offset, n);
          offset += n;
        } else if (eof) {
          parser.endOfInput();
          eof = false;
        }
        boolean more = drain(parser, out, body);
        if (!more) return out;
        if (offset >= input.length && !eof) {
          flushBody(out, body);
          return out;
        }
      }
    } catch (HttpCodecException e) {
      flushBody(out, body);
      out.add("error " + e.status() + " " + e.getMessage());
      return out;
    }
  }

  /**
   * As {@link #run}, but body bytes are taken with {@link Http1Parser#readBody} in reads of the
   * sizes {@code reads} gives, and, when {@code direct}, straight from the input whenever {@link
   * Http1Parser#directBodyWindow()} allows (as a client reading into its caller's array does).
   */
  static List<String> runReadingBodies(Http1Parser parser, byte[] input, boolean eof, IntUnaryOperator pieces,
      IntUnaryOperator reads, boolean direct) {
    List<String> out = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int offset = 0;
    int round = 0;
    int readRound = 0;
    byte[] into = new byte[64];
    try {
      while (true) {
        int size = Math.max(1, Math.min(into.length, reads.applyAsInt(readRound++)));
        int n = parser.readBody(into, 0, size);
        if (n > 0) {
          body.write(into, 0, n);
          continue;
        }
        if (n < 0) {
          HttpEvent event = parser.next();
          if (!(event instanceof NeedMoreData)) {
            if (!take(parser, event, out, body)) return out;
            continue;
          }
        }
        if (offset < input.length) {
          int k = Math.max(1, Math.min(pieces.applyAsInt(round++), input.length - offset));
          long window = direct ? parser.directBodyWindow() : 0;
          if (window > 0) {
            k = (int) Math.min(k, window);
            body.write(input, offset, k);
            parser.bodyReadDirectly(k);
          } else {
            parser.feed(input, offset, k);
          }
          offset += k;
        } else if (eof) {
          parser.endOfInput();
          eof = false;
        } else {
          flushBody(out, body);
          return out;
        }
      }
    } catch (HttpCodecException e) {
      flushBody(out, body);
      out.add("error " + e.status() + " " + e.getMessage());
      return out;
    }
  }

  /** Pulls events until NeedMoreData (true) or Closed (false). */
  private static boolean drain(Http1Parser parser, List<String> out, ByteArrayOutputStream body) {
    while (true) {
      HttpEvent event = parser.next();
      if (event instanceof NeedMoreData) return true;
      if (!take(parser, event, out, body)) return false;
    }
  }

  /** Writes what one event says; false for Closed. */
  private static boolean take(Http1Parser parser, HttpEvent event, List<String> out, ByteArrayOutputStream body) {
    switch (event) {
      case NeedMoreData n -> throw new AssertionError("NeedMoreData is not an event to take");
      case Closed c -> {
        flushBody(out, body);
        out.add("closed");
        return false;
      }
      case RequestHead h -> {
        out.add("request " + h.method() + " " + Corpus.escape(h.target()) + " " + h.version());
        fields(out, "field", h.headers());
      }
      case ResponseHead h -> {
        out.add(("response " + h.version() + " " + h.status() + " " + Corpus.escape(h.reason()))
            .strip());
        fields(out, "field", h.headers());
      }
      case BodyChunk b -> {
        if (b.length() == 0) throw new AssertionError("empty body chunk");
        body.writeBytes(b.data());
      }
      case Trailers t -> {
        flushBody(out, body);
        fields(out, "trailer", t.headers());
      }
      case EndOfMessage e -> {
        flushBody(out, body);
        out.add("end " + (parser.isTunnel() ? "tunnel" : parser.keepAlive() ? "keep-alive" : "close"));
      }
    }
    return true;
  }

  private static void fields(List<String> out, String kind, Headers headers) {
    for (int i = 0; i < headers.size(); i++) {
      out.add((kind + " " + headers.name(i) + ": " + Corpus.escape(headers.value(i))).strip());
    }
  }

  private static void flushBody(List<String> out, ByteArrayOutputStream body) {
    if (body.size() == 0) return;
    out.add("body " + Corpus.escape(body.toByteArray()));
    body.reset();
  }
}
