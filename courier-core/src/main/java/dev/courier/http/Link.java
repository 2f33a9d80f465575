package dev.courier.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One link of a {@code Link} header field (RFC 8288, Section 3): a target URI and its parameters,
 * {@code rel} first among them. GitHub's and many other APIs' pagination is written this way.
 *
 * <pre>{@code
 * List<Link> links = Link.parseAll(
 *     "<https://api.example.com/items?page=3>; rel=\"next\", </items?page=9>; rel=last",
 *     Url.parse("https://api.example.com/items?page=2"));
 * links.get(0).target();       // "https://api.example.com/items?page=3"
 * links.get(1).target();       // "https://api.example.com/items?page=9" (resolved, Section 3.2)
 * links.get(1).rels();         // [last]
 * }</pre>
 *
 * <p>Parsing is lenient, as a client reading what servers send should be: a link-value that does
 * not parse (no {@code <}, no closing {@code >}, a quoted string that never ends) is skipped and
 * parsing goes on after the next comma outside brackets and quotes; the others are kept. Commas and
 * semicolons inside {@code <...>} and inside quoted strings belong to the URI or the value.
 * Parameter names are lower-cased; when a parameter repeats, the first occurrence counts (Section
 * 3.3 says so for {@code rel}). An RFC 8187 extended value ({@code title*=UTF-8''caf%C3%A9}) is
 * decoded and kept under its name with the star.
 *
 * @param target the target URI, resolved against the base URL when it was relative and when that
 *     resolution succeeds (an unusual scheme such as {@code urn:} is kept as written)
 * @param params the parameters in header order, names lower-case, values unquoted
 */
public record Link(String target, Map<String, String> params) {
  /** Copies the parameters; the map keeps their order. */
  public Link {
    Objects.requireNonNull(target, "target");
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /**
   * Every link in a {@code Link} field value, in order, relative targets resolved against {@code
   * base} (the URL of the response that carried it).
   */
  public static List<Link> parseAll(String fieldValue, Url base) {
    Objects.requireNonNull(fieldValue, "fieldValue");
    Objects.requireNonNull(base, "base");
    return LinkParser.parse(fieldValue, base);
  }

  /**
   * The relation types of {@code rel}, lower-cased (they compare case-insensitively, Section
   * 2.1.1); several when the value lists several separated by spaces ({@code rel="next last"}).
   */
  public List<String> rels() {
    String rel = params.get("rel");
    if (rel == null) return List.of();
    List<String> out = new ArrayList<>();
    for (String r : rel.trim().split("[ \t]+")) {
      if (!r.isEmpty()) out.add(r.toLowerCase(Locale.ROOT));
    }
    return List.copyOf(out);
  }

  /** A parameter's value (names compare case-insensitively); a parameter without value gives "". */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The target as a {@link Url}, when it parses as one. */
  public Optional<Url> url() {
    return Url.tryParse(target);
  }

  /**
   * Links keyed by each relation type, as requests' {@code response.links}: a link whose {@code
   * rel} names several types appears under each; when two links share a type the first one wins;
   * a link without {@code rel} is left out.
   */
  public static Map<String, Link> byRel(List<Link> links) {
    Map<String, Link> out = new LinkedHashMap<>();
    for (Link link : links) {
      for (String rel : link.rels()) out.putIfAbsent(rel, link);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** {@code <target>; rel="next"}: the link as a field value (values always quoted). */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("<").append(target).append('>');
    params.forEach((name, value) -> {
      out.append("; ").append(name);
      if (!value.isEmpty() || name.equals("rel")) {
        out.append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    });
    return out.toString();
  }
}
