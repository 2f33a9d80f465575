package dev.courier.http;

import static java.util.Locale.ROOT;

import dev.courier.http.access.HeadersAccess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered list of HTTP header fields. Names compare case-insensitively (RFC 9110,
 * Section 5.1) and keep the case they were given; a name may appear several times.
 *
 * <p>Every name is checked to be a token and every value to be free of CR, LF, NUL and other
 * control characters, so header injection cannot be built with this class. {@link #toString()}
 * hides the values of credentials and cookies.
 *
 * <pre>{@code
 * Headers headers = Headers.builder()
 *     .add("Accept", "application/json")
 *     .add("Accept-Language", "en")
 *     .build();
 * headers.firstValue("accept");   // Optional[application/json]
 * }</pre>
 */
public final class Headers {
  private static final Headers EMPTY = new Headers(new String[0]);
  private static final Set<String> SENSITIVE =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  static {
    // The HTTP/1.1 parser checks each field byte by byte as it reads it; this lets it hand the
    // array over without Headers.of's copy and second check (the package is not exported).
    HeadersAccess.register(checked -> checked.length == 0 ? EMPTY : new Headers(checked));
  }

  /** Names and values interleaved: [name0, value0, name1, value1, ...]. */
  private final String[] namesAndValues;

  private Headers(String[] namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  /** The empty header list. */
  public static Headers empty() {
    return EMPTY;
  }

  /**
   * Headers from alternating names and values: {@code Headers.of("Accept", "text/html")}.
   *
   * @throws IllegalArgumentException on an odd count, a bad name or a bad value
   */
  public static Headers of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("expected alternating names and values");
    }
    if (namesAndValues.length == 0) return EMPTY;
    // Copy first, then check the copy: the caller cannot change a value after it was checked.
    String[] copy = namesAndValues.clone();
    for (int i = 0; i < copy.length; i += 2) {
      FieldSyntax.requireToken("header name", copy[i]);
      copy[i + 1] = FieldSyntax.requireHeaderValue(copy[i], copy[i + 1]);
    }
    return new Headers(copy);
  }

  /** Headers from a map of names to values, in the map's iteration order. */
  public static Headers of(Map<String, ? extends List<String>> map) {
    Builder builder = builder();
    map.forEach((name, values) -> values.forEach(value -> builder.add(name, value)));
    return builder.build();
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts with these headers. */
  public Builder newBuilder() {
    Builder builder = new Builder();
    builder.addAll(this);
    return builder;
  }

  /** The number of fields, counting each repeated name once per occurrence. */
  public int size() {
    return namesAndValues.length / 2;
  }

  /** True when there are no fields. */
  public boolean isEmpty() {
    return namesAndValues.length == 0;
  }

  /** The name of field {@code index}, as given. */
  public String name(int index) {
    return namesAndValues[Objects.checkIndex(index, size()) * 2];
  }

  /** The value of field {@code index}. */
  public String value(int index) {
    return namesAndValues[Objects.checkIndex(index, size()) * 2 + 1];
  }

  /** The first value of {@code name}, compared case-insensitively. */
  public Optional<String> firstValue(String name) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (name.equalsIgnoreCase(namesAndValues[i])) return Optional.of(namesAndValues[i + 1]);
    }
    return Optional.empty();
  }

  /** The last value of {@code name}, compared case-insensitively. */
  public Optional<String> lastValue(String name) {
    for (int i = namesAndValues.length - 2; i >= 0; i -= 2) {
      if (name.equalsIgnoreCase(namesAndValues[i])) return Optional.of(namesAndValues[i + 1]);
    }
    return Optional.empty();
  }

  /** Every value of {@code name} in order; empty when absent. */
  public List<String> allValues(String name) {
    List<String> result = null;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (name.equalsIgnoreCase(namesAndValues[i])) {
        if (result == null) result = new ArrayList<>(2);
        result.add(namesAndValues[i + 1]);
      }
    }
    return result == null ? List.of() : Collections.unmodifiableList(result);
  }

  /**
   * The values of {@code name} split on commas outside quoted strings, trimmed, empty elements
   * dropped (RFC 9110, Section 5.6.1 list syntax). {@code Connection: keep-alive, Upgrade} gives
   * {@code [keep-alive, Upgrade]}.
   */
  public List<String> listValues(String name) {
    List<String> values = allValues(name);
    if (values.isEmpty()) return List.of(); // the common case on every request: no allocation
    List<String> result = new ArrayList<>();
    for (String value : values) ListSyntax.split(value, result);
    return Collections.unmodifiableList(result);
  }

  /** True when a field named {@code name} is present. */
  public boolean contains(String name) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (name.equalsIgnoreCase(namesAndValues[i])) return true;
    }
    return false;
  }

  /** The distinct names, lower-cased, in order of first appearance. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < namesAndValues.length; i += 2) names.add(namesAndValues[i].toLowerCase(ROOT));
    return Collections.unmodifiableSet(names);
  }

  /** Calls {@code action} with each name and value in order. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      action.accept(namesAndValues[i], namesAndValues[i + 1]);
    }
  }

  /** The fields as a map from lower-cased name to values, in order of first appearance. */
  public Map<String, List<String>> toMultimap() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.computeIfAbsent(namesAndValues[i].toLowerCase(ROOT), k -> new ArrayList<>(1))
          .add(namesAndValues[i + 1]);
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(map);
  }

  /** Equal when the same fields appear in the same order; names compare case-insensitively. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Headers that) || that.namesAndValues.length != namesAndValues.length) {
      return false;
    }
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (!namesAndValues[i].equalsIgnoreCase(that.namesAndValues[i])
          || !namesAndValues[i + 1].equals(that.namesAndValues[i + 1])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      hash = 31 * hash + namesAndValues[i].toLowerCase(ROOT).hashCode();
      hash = 31 * hash + namesAndValues[i + 1].hashCode();
    }
    return hash;
  }

  /** One field per line as {@code Name: value}, with credentials and cookies shown as {@link Url#MASK}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = namesAndValues[i];
      out.append(name).append(": ");
      out.append(isSensitive(name) ? Url.MASK : namesAndValues[i + 1]).append('\n');
    }
    return out.toString();
  }

  /** True for fields whose values are secrets: Authorization, Proxy-Authorization, Cookie, Set-Cookie. */
  public static boolean isSensitive(String name) {
    return SENSITIVE.contains(name.toLowerCase(ROOT));
  }

  /** Builds {@link Headers}; every name and value is checked as it is added. */
  public static final class Builder {
    private static final String[] NONE = new String[0];

    /** Names and values interleaved, like {@link Headers}; the array is made on the first add. */
    private String[] entries = NONE;
    private int size;

    private Builder() {}

    /**
     * Appends a field.
     *
     * @throws IllegalArgumentException when the name is not a token or the value has CR, LF, NUL
     *     or another control character
     */
    public Builder add(String name, String value) {
      // Check both before adding either: a refused value must not leave its name behind, or the
      // next add would pair names with values off by one.
      FieldSyntax.requireToken("header name", name);
      String checked = FieldSyntax.requireHeaderValue(name, value);
      append(name, checked);
      return this;
    }

    /**
     * Replaces every field named {@code name} with one field holding {@code value}, at the place of
     * the first one (so the order of the other fields is kept), or appends it when absent.
     */
    public Builder set(String name, String value) {
      FieldSyntax.requireToken("header name", name);
      String checked = FieldSyntax.requireHeaderValue(name, value);
      int first = indexOf(name);
      if (first < 0) {
        append(name, checked);
        return this;
      }
      entries[first] = name;
      entries[first + 1] = checked;
      removeAfter(first, name);
      return this;
    }

    /** Appends every field of {@code headers}. */
    public Builder addAll(Headers headers) {
      String[] more = headers.namesAndValues;
      ensureCapacity(size + more.length);
      System.arraycopy(more, 0, entries, size, more.length);
      size += more.length;
      return this;
    }

    /** Removes every field named {@code name}. */
    public Builder removeAll(String name) {
      removeAfter(-2, name);
      return this;
    }

    /** The first value of {@code name} added so far. */
    public Optional<String> firstValue(String name) {
      int i = indexOf(name);
      return i < 0 ? Optional.empty() : Optional.of(entries[i + 1]);
    }

    /** The immutable headers. */
    public Headers build() {
      return size == 0 ? EMPTY : new Headers(Arrays.copyOf(entries, size));
    }

    private int indexOf(String name) {
      for (int i = 0; i < size; i += 2) {
        if (name.equalsIgnoreCase(entries[i])) return i;
      }
      return -1;
    }

    /** Removes the fields named {@code name} that come after index {@code from}, keeping order. */
    private void removeAfter(int from, String name) {
      int kept = from + 2;
      for (int i = from + 2; i < size; i += 2) {
        if (name.equalsIgnoreCase(entries[i])) continue;
        entries[kept] = entries[i];
        entries[kept + 1] = entries[i + 1];
        kept += 2;
      }
      Arrays.fill(entries, kept, size, null);
      size = kept;
    }

    private void append(String name, String value) {
      ensureCapacity(size + 2);
      entries[size] = name;
      entries[size + 1] = value;
      size += 2;
    }

    private void ensureCapacity(int needed) {
      // Four fields before the first growth: most responses a server builds have one to three.
      if (needed > entries.length) entries = Arrays.copyOf(entries, Math.max(needed, Math.max(8, entries.length * 2)));
    }
  }
}
