package dev.courier.http;

import dev.courier.http.PercentEncoding.EncodeSet;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Form data: the ordered name/value pairs of an {@code application/x-www-form-urlencoded} body or
 * a query string, as the WHATWG URL standard (Section 5) parses and serializes them. Order is
 * kept and a name may repeat. Immutable and thread-safe.
 *
 * <pre>{@code
 * FormData form = FormData.parse("q=caf%C3%A9+au+lait&tag=a&tag=b");
 * form.value("q");                  // Optional["café au lait"]
 * form.values("tag");               // ["a", "b"]
 * FormData.of(Map.of("tags", List.of("x", "y"))).encode();   // "tags=x&tags=y"
 * }</pre>
 *
 * <p>Parsing never fails, like browsers: "+" is a space, a "%" that starts no {@code %XX} stays as
 * it is, bytes that are not UTF-8 become U+FFFD, empty pairs are skipped and a pair without "=" has
 * the value "". It is linear in the input. Serializing writes UTF-8, keeps ASCII letters, digits
 * and {@code *-._}, writes a space as "+" and percent-encodes the rest.
 */
public final class FormData {
  private static final FormData EMPTY = new FormData(List.of());

  /** name, value, name, value... */
  private final List<String> namesAndValues;

  private FormData(List<String> namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  /** No pairs. */
  public static FormData empty() {
    return EMPTY;
  }

  /**
   * Parses {@code application/x-www-form-urlencoded} text (WHATWG URL standard, Section 5.1), such
   * as a form body or a query without its "?". Never fails.
   */
  public static FormData parse(String encoded) {
    return parse((CharSequence) encoded);
  }

  /**
   * The parser, over a {@link CharSequence} so a test can count the characters it examines: each
   * one at most twice (once looking for "&amp;", once for "="), whatever the input.
   */
  static FormData parse(CharSequence encoded) {
    List<String> out = new ArrayList<>();
    int length = encoded.length();
    int start = 0;
    while (start < length) {
      int end = start;
      while (end < length && encoded.charAt(end) != '&') end++;
      if (end > start) {
        // Look for "=" within this pair only: searching the rest of the body for every pair
        // would make a body of many "&" quadratic.
        int eq = start;
        while (eq < end && encoded.charAt(eq) != '=') eq++;
        out.add(PercentEncoding.decode(encoded.subSequence(start, eq).toString(), true));
        out.add(eq < end ? PercentEncoding.decode(encoded.subSequence(eq + 1, end).toString(), true) : "");
      }
      start = end + 1;
    }
    return out.isEmpty() ? EMPTY : new FormData(Collections.unmodifiableList(out));
  }

  /**
   * The entries of {@code fields} in the map's iteration order, with the value rules of Python
   * requests' {@code data=}: a null value drops the field; an {@link Iterable}, an array or an
   * {@link Optional} gives one pair per non-null element; a {@code byte[]} is UTF-8 text; anything
   * else is {@link String#valueOf}. Use a {@code LinkedHashMap} for a stable order.
   *
   * @throws IllegalArgumentException when a field name is null
   */
  public static FormData of(Map<String, ?> fields) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      String name = e.getKey();
      if (name == null) throw new IllegalArgumentException("form field name is null");
      forEachValue(e.getValue(), v -> {
        out.add(name);
        out.add(v instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(v));
      });
    }
    return out.isEmpty() ? EMPTY : new FormData(Collections.unmodifiableList(out));
  }

  /** This form with {@code name=value} appended. */
  public FormData with(String name, String value) {
    List<String> out = new ArrayList<>(namesAndValues.size() + 2);
    out.addAll(namesAndValues);
    out.add(Objects.requireNonNull(name, "name"));
    out.add(Objects.requireNonNull(value, "value"));
    return new FormData(Collections.unmodifiableList(out));
  }

  /** The first value named {@code name}. */
  public Optional<String> value(String name) {
    for (int i = 0; i < namesAndValues.size(); i += 2) {
      if (namesAndValues.get(i).equals(name)) return Optional.of(namesAndValues.get(i + 1));
    }
    return Optional.empty();
  }

  /** Every value named {@code name}, in order. */
  public List<String> values(String name) {
    List<String> out = new ArrayList<>(1);
    for (int i = 0; i < namesAndValues.size(); i += 2) {
      if (namesAndValues.get(i).equals(name)) out.add(namesAndValues.get(i + 1));
    }
    return Collections.unmodifiableList(out);
  }

  /** The distinct names, in order of first appearance. */
  public Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < namesAndValues.size(); i += 2) out.add(namesAndValues.get(i));
    return Collections.unmodifiableSet(out);
  }

  /** Name to values, names in order of first appearance; unmodifiable. */
  public Map<String, List<String>> toMap() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.size(); i += 2) {
      out.computeIfAbsent(namesAndValues.get(i), k -> new ArrayList<>(1)).add(namesAndValues.get(i + 1));
    }
    out.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return Collections.unmodifiableMap(out);
  }

  /** The number of pairs. */
  public int size() {
    return namesAndValues.size() / 2;
  }

  /** True when there are no pairs. */
  public boolean isEmpty() {
    return namesAndValues.isEmpty();
  }

  /** The name of pair {@code index} (0-based, in order). */
  public String name(int index) {
    return namesAndValues.get(index * 2);
  }

  /** The value of pair {@code index} (0-based, in order). */
  public String value(int index) {
    return namesAndValues.get(index * 2 + 1);
  }

  /**
   * The pairs serialized as application/x-www-form-urlencoded (WHATWG URL standard, Section 5.2):
   * {@code name=value} joined by "&amp;".
   */
  public String encode() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < namesAndValues.size(); i += 2) {
      appendPair(out, namesAndValues.get(i), namesAndValues.get(i + 1), EncodeSet.WWW_FORM);
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FormData other && namesAndValues.equals(other.namesAndValues);
  }

  @Override
  public int hashCode() {
    return namesAndValues.hashCode();
  }

  /** The names only: values may be passwords, and toString ends up in logs. */
  @Override
  public String toString() {
    return "FormData" + names();
  }

  // ---- shared with UrlBuilder, whose query parameters follow requests' quote_plus set ----

  /**
   * Calls {@code action} for each non-null leaf of {@code value}: the value itself, or each element
   * of an {@link Iterable}, array (but {@code byte[]}, a leaf) or {@link Optional}, recursively.
   */
  static void forEachValue(Object value, Consumer<Object> action) {
    if (value == null) {
      return;
    }
    if (value instanceof Optional<?> optional) {
      optional.ifPresent(v -> forEachValue(v, action));
    } else if (value instanceof Iterable<?> iterable) {
      for (Object element : iterable) forEachValue(element, action);
    } else if (value.getClass().isArray() && !(value instanceof byte[])) {
      int length = Array.getLength(value);
      for (int i = 0; i < length; i++) forEachValue(Array.get(value, i), action);
    } else {
      action.accept(value);
    }
  }

  /** Appends {@code name=value} pairs for one parameter, a {@code byte[]} encoded byte by byte. */
  static void appendPairs(StringBuilder out, String name, Object value, EncodeSet set) {
    forEachValue(value, v -> {
      if (!out.isEmpty()) out.append('&');
      out.append(PercentEncoding.encode(name, set)).append('=');
      out.append(v instanceof byte[] bytes ? PercentEncoding.encode(bytes, set) : PercentEncoding.encode(String.valueOf(v), set));
    });
  }

  private static void appendPair(StringBuilder out, String name, String value, EncodeSet set) {
    if (!out.isEmpty()) out.append('&');
    out.append(PercentEncoding.encode(name, set)).append('=').append(PercentEncoding.encode(value, set));
  }

  /** {@code query} without the pairs whose decoded name is {@code name}; null when none remain. */
  static String remove(String query, String name) {
    StringBuilder kept = new StringBuilder(query.length());
    int start = 0;
    int length = query.length();
    while (start <= length) {
      int end = query.indexOf('&', start);
      if (end < 0) end = length;
      int eq = start;
      while (eq < end && query.charAt(eq) != '=') eq++;
      if (!PercentEncoding.decode(query.substring(start, eq), true).equals(name)) {
        if (!kept.isEmpty()) kept.append('&');
        kept.append(query, start, end);
      }
      start = end + 1;
    }
    return kept.isEmpty() ? null : kept.toString();
  }
}
