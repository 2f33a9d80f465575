package dev.courier;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code application/x-www-form-urlencoded} serializer of the WHATWG URL standard (Section
 * 5.2): UTF-8, {@code *-._} and ASCII alphanumerics kept, space as {@code +}, the rest
 * percent-encoded. Values follow {@code requests}: a null value drops the key, an
 * {@link Iterable} or array repeats it.
 */
final class FormEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private FormEncoding() {}

  static String encode(Map<String, ?> fields) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      if (e.getKey() == null) throw new IllegalArgumentException("form field name is null");
      forEachValue(e.getValue(), v -> {
        if (!out.isEmpty()) out.append('&');
        appendEncoded(out, e.getKey());
        out.append('=');
        appendEncoded(out, v);
      });
    }
    return out.toString();
  }

  /** Calls {@code action} for each non-null value: one for a scalar, each for iterables and arrays. */
  static void forEachValue(Object value, java.util.function.Consumer<String> action) {
    if (value == null) return;
    if (value instanceof Iterable<?> it) {
      for (Object v : it) if (v != null) action.accept(String.valueOf(v));
    } else if (value instanceof Object[] array) {
      for (Object v : array) if (v != null) action.accept(String.valueOf(v));
    } else if (value instanceof java.util.Optional<?> opt) {
      opt.ifPresent(v -> action.accept(String.valueOf(v)));
    } else {
      action.accept(String.valueOf(value));
    }
  }

  static void appendEncoded(StringBuilder out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '*' || c == '-' || c == '.' || c == '_') {
        out.append((char) c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
  }
}
