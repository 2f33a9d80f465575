package dev.courier.http;

import dev.courier.http.PercentEncoding.EncodeSet;
import java.lang.reflect.Array;
import java.util.Optional;

/**
 * Query parameters encoded the way Python requests encodes {@code params=}: its
 * {@code _encode_params} calls {@code urlencode(..., doseq=True)}, which uses
 * {@code quote_plus} (space as "+", only ALPHA, DIGIT and {@code _.-~} unencoded), repeats the
 * key for each element of a list, and skips {@code None} values and {@code None} elements.
 */
final class QueryParameters {
  private QueryParameters() {}

  /** Appends "name=value" pairs (joined by "&amp;") for one parameter to {@code out}. */
  static void appendPairs(StringBuilder out, String name, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof Optional<?> optional) {
      optional.ifPresent(v -> appendPairs(out, name, v));
    } else if (value instanceof byte[] bytes) {
      appendPair(out, name, PercentEncoding.encode(bytes, EncodeSet.FORM));
    } else if (value instanceof Iterable<?> iterable) {
      for (Object element : iterable) {
        appendPairs(out, name, element);
      }
    } else if (value.getClass().isArray()) {
      int length = Array.getLength(value);
      for (int i = 0; i < length; i++) {
        appendPairs(out, name, Array.get(value, i));
      }
    } else {
      appendPair(out, name, PercentEncoding.encode(String.valueOf(value), EncodeSet.FORM));
    }
  }

  private static void appendPair(StringBuilder out, String name, String encodedValue) {
    if (!out.isEmpty()) {
      out.append('&');
    }
    out.append(PercentEncoding.encode(name, EncodeSet.FORM)).append('=').append(encodedValue);
  }

  /** The query without the pairs whose decoded name is {@code name}; null when none remain. */
  static String remove(String query, String name) {
    StringBuilder kept = new StringBuilder(query.length());
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String n = eq < 0 ? pair : pair.substring(0, eq);
      if (PercentEncoding.decode(n, true).equals(name)) {
        continue;
      }
      if (!kept.isEmpty()) {
        kept.append('&');
      }
      kept.append(pair);
    }
    return kept.isEmpty() ? null : kept.toString();
  }
}
