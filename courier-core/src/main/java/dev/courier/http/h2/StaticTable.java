package dev.courier.http.h2;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** RFC 7541 Appendix A: the static table, indices 1 to 61, with lookups for the encoder. */
final class StaticTable {
  static final List<HeaderField> ENTRIES = List.of(
      new HeaderField(":authority", ""),
      new HeaderField(":method", "GET"),
      new HeaderField(":method", "POST"),
      new HeaderField(":path", "/"),
      new HeaderField(":path", "/index.html"),
      new HeaderField(":scheme", "http"),
      new HeaderField(":scheme", "https"),
      new HeaderField(":status", "200"),
      new HeaderField(":status", "204"),
      new HeaderField(":status", "206"),
      new HeaderField(":status", "304"),
      new HeaderField(":status", "400"),
      new HeaderField(":status", "404"),
      new HeaderField(":status", "500"),
      new HeaderField("accept-charset", ""),
      new HeaderField("accept-encoding", "gzip, deflate"),
      new HeaderField("accept-language", ""),
      new HeaderField("accept-ranges", ""),
      new HeaderField("accept", ""),
      new HeaderField("access-control-allow-origin", ""),
      new HeaderField("age", ""),
      new HeaderField("allow", ""),
      new HeaderField("authorization", ""),
      new HeaderField("cache-control", ""),
      new HeaderField("content-disposition", ""),
      new HeaderField("content-encoding", ""),
      new HeaderField("content-language", ""),
      new HeaderField("content-length", ""),
      new HeaderField("content-location", ""),
      new HeaderField("content-range", ""),
      new HeaderField("content-type", ""),
      new HeaderField("cookie", ""),
      new HeaderField("date", ""),
      new HeaderField("etag", ""),
      new HeaderField("expect", ""),
      new HeaderField("expires", ""),
      new HeaderField("from", ""),
      new HeaderField("host", ""),
      new HeaderField("if-match", ""),
      new HeaderField("if-modified-since", ""),
      new HeaderField("if-none-match", ""),
      new HeaderField("if-range", ""),
      new HeaderField("if-unmodified-since", ""),
      new HeaderField("last-modified", ""),
      new HeaderField("link", ""),
      new HeaderField("location", ""),
      new HeaderField("max-forwards", ""),
      new HeaderField("proxy-authenticate", ""),
      new HeaderField("proxy-authorization", ""),
      new HeaderField("range", ""),
      new HeaderField("referer", ""),
      new HeaderField("refresh", ""),
      new HeaderField("retry-after", ""),
      new HeaderField("server", ""),
      new HeaderField("set-cookie", ""),
      new HeaderField("strict-transport-security", ""),
      new HeaderField("transfer-encoding", ""),
      new HeaderField("user-agent", ""),
      new HeaderField("vary", ""),
      new HeaderField("via", ""),
      new HeaderField("www-authenticate", ""));

  static final int LENGTH = 61;

  /** The first index of each name. */
  private static final Map<String, Integer> BY_NAME = new HashMap<>();
  /** The index of each name and value pair with a non-empty value. */
  private static final Map<String, Map<String, Integer>> BY_FIELD = new HashMap<>();

  static {
    for (int i = LENGTH; i >= 1; i--) {
      HeaderField f = ENTRIES.get(i - 1);
      BY_NAME.put(f.name(), i);
      BY_FIELD.computeIfAbsent(f.name(), k -> new HashMap<>()).put(f.value(), i);
    }
  }

  private StaticTable() {}

  /** The field at 1-based {@code index} (1 to 61). */
  static HeaderField get(int index) {
    return ENTRIES.get(index - 1);
  }

  /** The index of the name, or 0. */
  static int indexOfName(String name) {
    Integer i = BY_NAME.get(name);
    return i == null ? 0 : i;
  }

  /** The index of the exact field, or 0. */
  static int indexOf(String name, String value) {
    Map<String, Integer> values = BY_FIELD.get(name);
    if (values == null) return 0;
    Integer i = values.get(value);
    return i == null ? 0 : i;
  }
}
