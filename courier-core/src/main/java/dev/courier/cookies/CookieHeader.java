package dev.courier.cookies;

import dev.courier.http.FieldSyntax;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request {@code Cookie} header: ordered name/value pairs (RFC 6265 section 4.2 and 5.4).
 *
 * <pre>{@code
 * CookieHeader h = CookieHeader.parse("SID=31d4; lang=en-US; theme=\"dark\"");
 * h.value("lang");                      // Optional["en-US"]
 * h.pairs().size();                     // 3
 * CookieHeader.unquote(h.value("theme").orElseThrow());   // "dark"
 *
 * CookieHeader.builder().add("a", "1").add("b", "2").build().toString();   // "a=1; b=2"
 * }</pre>
 *
 * <p>Parsing is lenient and linear: pairs are split at every {@code ;} (a quoted value never spans
 * one, so a crafted {@code a="b; SESSION=x"} cannot swallow the pairs after it), whitespace around
 * names and values is dropped, a pair without {@code =} is a nameless cookie (name ""), empty pieces
 * and pairs with control characters are skipped without disturbing their neighbours. Values are kept
 * as sent (DQUOTEs included); names are case-sensitive and may repeat.
 */
public final class CookieHeader {
  /** One cookie-pair. The name is "" for a nameless cookie. */
  public record Pair(String name, String value) {
    public Pair {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }

    /** "name=value", or just the value when the name is empty (RFC 6265bis section 5.8.3). */
    @Override
    public String toString() {
      return name.isEmpty() ? value : name + "=" + value;
    }
  }

  private final List<Pair> pairs;

  private CookieHeader(List<Pair> pairs) {
    this.pairs = List.copyOf(pairs);
  }

  /** Parses a {@code Cookie} field value. Never fails; an empty or garbage header has no pairs. */
  public static CookieHeader parse(String header) {
    List<Pair> out = new ArrayList<>();
    int i = 0;
    int n = header.length();
    while (i <= n) {
      int end = header.indexOf(';', i);
      if (end < 0) end = n;
      int eq = header.indexOf('=', i);
      String name;
      String value;
      if (eq < 0 || eq > end) {
        name = "";
        value = CookieChars.trimWsp(header, i, end);
      } else {
        name = CookieChars.trimWsp(header, i, eq);
        value = CookieChars.trimWsp(header, eq + 1, end);
      }
      if (!(name.isEmpty() && value.isEmpty())
          && CookieChars.indexOfForbiddenControl(name) < 0
          && CookieChars.indexOfForbiddenControl(value) < 0) {
        out.add(new Pair(name, value));
      }
      i = end + 1;
    }
    return new CookieHeader(out);
  }

  // ---- issue 13: strict parsing and a map view for servers ----

  /**
   * Parses a {@code Cookie} field value and refuses what {@link #parse} would skip: a pair with a
   * control character, an empty piece between semicolons, a pair without a name (RFC 6265,
   * Section 4.2.1: {@code cookie-pair *( ";" SP cookie-pair )}), so that a server can answer 400
   * instead of guessing.
   *
   * <pre>{@code
   * CookieHeader.parseStrict("a=1; b=2; a=3").toMap();   // {a=[1, 3], b=[2]}
   * CookieHeader.parseStrict("a=1;; b");                 // CookieException: empty cookie-pair at 4
   * }</pre>
   *
   * @throws CookieException naming the offending piece and its index
   */
  public static CookieHeader parseStrict(String header) {
    java.util.Objects.requireNonNull(header, "header");
    int i = 0;
    int n = header.length();
    while (i <= n && !header.isEmpty()) {
      int end = header.indexOf(';', i);
      if (end < 0) end = n;
      String piece = CookieChars.trimWsp(header, i, end);
      if (piece.isEmpty()) throw new CookieException("empty cookie-pair at " + i + " in Cookie header");
      int eq = piece.indexOf('=');
      if (eq <= 0) throw new CookieException("cookie-pair without a name at " + i + " in Cookie header");
      int bad = CookieChars.indexOfForbiddenControl(piece);
      if (bad >= 0) {
        throw new CookieException("unexpected char " + FieldSyntax.describe(piece.charAt(bad)) + " at "
            + (header.indexOf(piece, i) + bad) + " in Cookie header");
      }
      i = end + 1;
    }
    return parse(header);
  }

  /**
   * The pairs as name → values, names in first-seen order, each name's values in header order
   * (duplicates kept, as several paths or domains can send one name).
   */
  public java.util.Map<String, List<String>> toMap() {
    java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (Pair p : pairs) out.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.value());
    out.replaceAll((k, v) -> List.copyOf(v));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The header a request carries for these cookies, in the given order. */
  public static CookieHeader of(Collection<Cookie> cookies) {
    Builder b = builder();
    for (Cookie c : cookies) b.add(c.name(), c.value());
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Pair> pairs() {
    return pairs;
  }

  public boolean isEmpty() {
    return pairs.isEmpty();
  }

  /** The value of the first pair with this name (case-sensitive, as RFC 6265 section 5.4 implies). */
  public Optional<String> value(String name) {
    for (Pair p : pairs) {
      if (p.name().equals(name)) return Optional.of(p.value());
    }
    return Optional.empty();
  }

  /** The values of every pair with this name, in order. */
  public List<String> values(String name) {
    List<String> out = new ArrayList<>();
    for (Pair p : pairs) {
      if (p.name().equals(name)) out.add(p.value());
    }
    return out;
  }

  /**
   * The header value: pairs joined by "; " (RFC 6265 section 4.2.1); "" when empty. Parsing the
   * result gives back the same pairs.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Pair p : pairs) {
      if (!out.isEmpty()) out.append("; ");
      // A nameless pair is its value alone (RFC 6265bis 5.8.3), unless the value holds "=": then
      // "=value" keeps it nameless when parsed again.
      if (!p.name().isEmpty() || p.value().indexOf('=') >= 0) out.append(p.name()).append('=');
      out.append(p.value());
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CookieHeader h && pairs.equals(h.pairs);
  }

  @Override
  public int hashCode() {
    return pairs.hashCode();
  }

  /**
   * Reverses {@link SetCookie#quote(String)}: a value wrapped in DQUOTEs loses them, {@code \"} and
   * {@code \\} become the character, {@code \ooo} octal escapes become bytes decoded as UTF-8. Any
   * other value is returned unchanged.
   */
  public static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    int end = value.length() - 1;
    for (int i = 1; i < end; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < end) {
        char next = value.charAt(i + 1);
        if (i + 3 < end && next <= '3' && isOctal(next) && isOctal(value.charAt(i + 2))
            && isOctal(value.charAt(i + 3))) {
          bytes.write((next - '0') << 6 | (value.charAt(i + 2) - '0') << 3 | (value.charAt(i + 3) - '0'));
          i += 3;
          continue;
        }
        c = next;
        i++;
      }
      byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      bytes.write(encoded, 0, encoded.length);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  /** Builds a {@link CookieHeader}, refusing what would split or inject the header. */
  public static final class Builder {
    private final List<Pair> pairs = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a pair. The name may be empty (nameless cookie); it must not hold {@code =}. Neither may
     * hold {@code ;} or a control character other than HTAB.
     */
    public Builder add(String name, String value) {
      check("cookie name", name, true);
      check("cookie value", value, false);
      if (name.isEmpty() && value.isEmpty()) throw new IllegalArgumentException("empty cookie pair");
      pairs.add(new Pair(name, value));
      return this;
    }

    private static void check(String what, String s, boolean isName) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (CookieChars.isForbiddenControl(c) || c == ';' || (isName && c == '=')) {
          throw new IllegalArgumentException(
              "unexpected char " + FieldSyntax.describe(c) + " at " + i + " in " + what);
        }
      }
    }

    public CookieHeader build() {
      return new CookieHeader(pairs);
    }
  }
}
