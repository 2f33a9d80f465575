package dev.courier;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.courier.error.JsonDecodeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Turns Jackson's failures on a response body into {@link JsonDecodeException}s with a snippet. */
final class JsonErrors {
  /** Bytes shown on each side of the offset: enough to recognise an HTML page or a cut document. */
  static final int CONTEXT = 24;

  private JsonErrors() {}

  static JsonDecodeException decode(String what, byte[] body, IOException e, String url) {
    long offset = -1;
    if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
      JsonLocation at = jpe.getLocation();
      offset = at.getByteOffset() >= 0 ? at.getByteOffset() : at.getCharOffset();
    }
    if (offset > body.length) offset = body.length;
    String snippet = snippet(body, offset < 0 ? 0 : (int) offset);
    String where = offset >= 0 ? " at byte " + offset : "";
    return new JsonDecodeException(what + where + " near \"" + snippet + "\"", url, offset, snippet, e);
  }

  static JsonDecodeException empty(String url) {
    return new JsonDecodeException("response body is empty, not JSON", url, 0, "", null);
  }

  /** Up to {@link #CONTEXT} bytes each side of {@code at}, as printable text (the body may be anything). */
  static String snippet(byte[] body, int at) {
    int from = Math.max(0, at - CONTEXT);
    int to = Math.min(body.length, at + CONTEXT);
    String text = new String(body, from, to - from, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
