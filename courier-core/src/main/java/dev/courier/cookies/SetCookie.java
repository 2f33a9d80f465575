package dev.courier.cookies;

import dev.courier.http.FieldSyntax;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code Set-Cookie} header value: parsed the way a user agent does (RFC 6265bis section 5.6),
 * or built and rendered by a server.
 *
 * <pre>{@code
 * SetCookie c = SetCookie.parse("sid=31d4d96e; Path=/; Secure; HttpOnly; Max-Age=3600");
 * c.name();          // "sid"
 * c.maxAge();        // OptionalLong[3600]
 *
 * String header = SetCookie.builder("sid", "31d4d96e")
 *     .path("/").secure(true).httpOnly(true).sameSite(SameSite.LAX).maxAge(Duration.ofHours(1))
 *     .build().toString();   // "sid=31d4d96e; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax"
 * }</pre>
 *
 * <p>Parsing follows the algorithm exactly: it never fails on odd attributes (they are ignored or
 * kept as extensions), and it refuses the whole line only where the RFC says to ignore it: a control
 * character other than HTAB, a name and value longer than {@value #MAX_NAME_VALUE_OCTETS} octets
 * together, or an empty name with an empty value. Attribute values longer than
 * {@value #MAX_ATTRIBUTE_VALUE_OCTETS} octets are ignored. For every attribute the last valid
 * occurrence wins. Whether the cookie is then stored (domain, path, Secure, prefixes, public
 * suffixes) is the {@link CookieJar}'s decision, because it depends on the request.
 *
 * <p>Rendering never produces a header injection: the builder refuses CTLs and {@code ;} in every
 * part, names must be tokens, and values must be cookie-octets (use {@link #quote(String)} for
 * arbitrary text).
 */
public final class SetCookie {
  /** RFC 6265bis section 5.6 step 5: a name and value longer than this together are ignored. */
  public static final int MAX_NAME_VALUE_OCTETS = 4096;
  /** RFC 6265bis section 5.6 step 5 of the attribute loop: longer attribute values are ignored. */
  public static final int MAX_ATTRIBUTE_VALUE_OCTETS = 1024;

  /** One cookie-av as received: name and value trimmed of whitespace, the name's case kept. */
  public record Attribute(String name, String value) {
    public Attribute {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  private final String name;
  private final String value;
  private final Instant expires;
  private final Long maxAge;
  private final String domain;
  private final String path;
  private final boolean pathAttribute;
  private final boolean secure;
  private final boolean httpOnly;
  private final SameSite sameSite;
  private final boolean partitioned;
  private final List<Attribute> attributes;

  private SetCookie(
      String name,
      String value,
      Instant expires,
      Long maxAge,
      String domain,
      String path,
      boolean pathAttribute,
      boolean secure,
      boolean httpOnly,
      SameSite sameSite,
      boolean partitioned,
      List<Attribute> attributes) {
    this.name = name;
    this.value = value;
    this.expires = expires;
    this.maxAge = maxAge;
    this.domain = domain;
    this.path = path;
    this.pathAttribute = pathAttribute;
    this.secure = secure;
    this.httpOnly = httpOnly;
    this.sameSite = sameSite;
    this.partitioned = partitioned;
    this.attributes = List.copyOf(attributes);
  }

  /**
   * Parses a {@code Set-Cookie} field value (without the {@code Set-Cookie:} name) by RFC 6265bis
   * section 5.6.
   *
   * @throws IllegalArgumentException when a user agent must ignore the whole line; the message says
   *     which rule applies
   */
  public static SetCookie parse(String setCookieString) {
    Objects.requireNonNull(setCookieString, "setCookieString");
    // Step 1: a CTL other than HTAB makes the user agent ignore the line entirely (no truncation).
    int ctl = CookieChars.indexOfForbiddenControl(setCookieString);
    if (ctl >= 0) {
      throw new IllegalArgumentException(
          "Set-Cookie contains control character "
              + FieldSyntax.describe(setCookieString.charAt(ctl))
              + " at "
              + ctl
              + " (RFC 6265bis section 5.6 step 1)");
    }
    // Step 2: the name-value-pair runs up to the first ";".
    int semicolon = setCookieString.indexOf(';');
    int pairEnd = semicolon < 0 ? setCookieString.length() : semicolon;
    // Step 3: without "=" the name is empty and the whole pair is the value (nameless cookie).
    int equals = setCookieString.indexOf('=');
    String name;
    String value;
    if (equals < 0 || equals > pairEnd) {
      name = "";
      value = CookieChars.trimWsp(setCookieString, 0, pairEnd);
    } else {
      // Step 4: trim WSP around both.
      name = CookieChars.trimWsp(setCookieString, 0, equals);
      value = CookieChars.trimWsp(setCookieString, equals + 1, pairEnd);
    }
    // Step 5: name + value over 4096 octets.
    if (CookieChars.octetLength(name) + CookieChars.octetLength(value) > MAX_NAME_VALUE_OCTETS) {
      throw new IllegalArgumentException(
          "Set-Cookie name and value are longer than "
              + MAX_NAME_VALUE_OCTETS
              + " octets (RFC 6265bis section 5.6 step 5)");
    }
    // Section 5.7 step 2, checked here because there is nothing to store.
    if (name.isEmpty() && value.isEmpty()) {
      throw new IllegalArgumentException(
          "Set-Cookie has an empty name and an empty value (RFC 6265bis section 5.7 step 2)");
    }
    Parsed p = new Parsed();
    if (semicolon >= 0) parseAttributes(setCookieString, semicolon, p);
    return new SetCookie(
        name,
        value,
        p.expires,
        p.maxAge,
        p.domain,
        p.path,
        p.pathAttribute,
        p.secure,
        p.httpOnly,
        p.sameSite,
        p.partitioned,
        p.attributes);
  }

  /** Like {@link #parse(String)}, empty where a user agent ignores the line. */
  public static Optional<SetCookie> tryParse(String setCookieString) {
    try {
      return Optional.of(parse(setCookieString));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static final class Parsed {
    Instant expires;
    Long maxAge;
    String domain;
    String path;
    boolean pathAttribute;
    boolean secure;
    boolean httpOnly;
    SameSite sameSite = SameSite.DEFAULT;
    boolean partitioned;
    final List<Attribute> attributes = new ArrayList<>();
  }

  /** The attribute loop of section 5.6, starting at the ";" that ends the name-value-pair. */
  private static void parseAttributes(String s, int semicolon, Parsed p) {
    int i = semicolon;
    while (i < s.length()) {
      int start = i + 1; // Step 1: consume the ";".
      int end = s.indexOf(';', start); // Step 2.
      if (end < 0) end = s.length();
      i = end;
      int equals = s.indexOf('=', start); // Step 3.
      String attributeName;
      String attributeValue;
      if (equals < 0 || equals > end) {
        attributeName = CookieChars.trimWsp(s, start, end);
        attributeValue = "";
      } else {
        attributeName = CookieChars.trimWsp(s, start, equals);
        attributeValue = CookieChars.trimWsp(s, equals + 1, end);
      }
      if (attributeName.isEmpty() && attributeValue.isEmpty()) continue;
      if (CookieChars.octetLength(attributeValue) > MAX_ATTRIBUTE_VALUE_OCTETS) continue; // Step 5.
      applyAttribute(attributeName, attributeValue, p);
    }
  }

  private static void applyAttribute(String attributeName, String attributeValue, Parsed p) {
    switch (attributeName.toLowerCase(Locale.ROOT)) {
      case "expires" -> {
        // Section 5.6.1: an unparsable date means the cookie-av is ignored.
        Optional<Instant> date = CookieDate.parse(attributeValue);
        if (date.isEmpty()) return;
        p.expires = date.get();
      }
      case "max-age" -> {
        // Section 5.6.2: first char DIGIT or "-", the rest DIGITs; otherwise ignore the cookie-av.
        Long seconds = parseMaxAge(attributeValue);
        if (seconds == null) return;
        p.maxAge = seconds;
      }
      case "domain" -> {
        // Section 5.6.3: an empty value is ignored; one leading "." is dropped; lower-cased.
        if (attributeValue.isEmpty()) return;
        String d = attributeValue.charAt(0) == '.' ? attributeValue.substring(1) : attributeValue;
        p.domain = d.toLowerCase(Locale.ROOT);
      }
      case "path" -> {
        // Section 5.6.4: empty or not starting with "/" means the default-path (null here).
        p.pathAttribute = true;
        p.path = attributeValue.startsWith("/") ? attributeValue : null;
      }
      case "secure" -> p.secure = true; // Section 5.6.5: the value is ignored.
      case "httponly" -> p.httpOnly = true; // Section 5.6.6.
      case "samesite" -> p.sameSite = SameSite.fromAttributeValue(attributeValue); // 5.6.7.
      case "partitioned" -> p.partitioned = true; // CHIPS (draft-cutler-httpbis-partitioned-cookies).
      default -> {
        // Unknown attributes are kept so callers can read extensions (section 5.6 "ignore" means
        // "has no effect on storage", and we still report them).
      }
    }
    p.attributes.add(new Attribute(attributeName, attributeValue));
  }

  /** Max-Age = "-" or DIGIT, then DIGITs; saturates instead of overflowing. Null when invalid. */
  static Long parseMaxAge(String v) {
    if (v.isEmpty()) return null;
    boolean negative = v.charAt(0) == '-';
    int i = negative ? 1 : 0;
    if (i >= v.length()) return null;
    long seconds = 0;
    for (; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') return null;
      if (seconds < Long.MAX_VALUE / 10) seconds = seconds * 10 + (c - '0');
      else seconds = Long.MAX_VALUE;
    }
    return negative ? -seconds : seconds;
  }

  /** The cookie name; empty for a nameless cookie (RFC 6265bis section 5.6 step 3). */
  public String name() {
    return name;
  }

  /** The cookie value exactly as sent, quotes included (RFC 6265 keeps DQUOTEs in the value). */
  public String value() {
    return value;
  }

  /** The last valid {@code Expires} date. */
  public Optional<Instant> expires() {
    return Optional.ofNullable(expires);
  }

  /** The last valid {@code Max-Age} in seconds (zero or negative means "expire now"). */
  public OptionalLong maxAge() {
    return maxAge == null ? OptionalLong.empty() : OptionalLong.of(maxAge);
  }

  /** The last non-empty {@code Domain}, lower-cased, without its leading dot. */
  public Optional<String> domain() {
    // "Domain=." leaves an empty cookie-domain: host-only, like no Domain at all (5.7 step 10).
    return domain == null || domain.isEmpty() ? Optional.empty() : Optional.of(domain);
  }

  /**
   * The last {@code Path}; empty when there was none or the last one was empty or did not start
   * with "/" (then the jar uses the request's default-path, section 5.1.4).
   */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** Whether a {@code Path} attribute appeared at all (the {@code __Host-} prefix needs one). */
  public boolean hasPathAttribute() {
    return pathAttribute;
  }

  public boolean secure() {
    return secure;
  }

  public boolean httpOnly() {
    return httpOnly;
  }

  /** The last {@code SameSite} value; {@link SameSite#DEFAULT} when absent or unrecognised. */
  public SameSite sameSite() {
    return sameSite;
  }

  public boolean partitioned() {
    return partitioned;
  }

  /** Every attribute kept, in order, known and unknown. */
  public List<Attribute> attributes() {
    return attributes;
  }

  /** The attributes this class does not interpret (extension-av), in order. */
  public List<Attribute> extensions() {
    List<Attribute> out = new ArrayList<>();
    for (Attribute a : attributes) {
      switch (a.name().toLowerCase(Locale.ROOT)) {
        case "expires", "max-age", "domain", "path", "secure", "httponly", "samesite",
            "partitioned" -> {}
        default -> out.add(a);
      }
    }
    return out;
  }

  /** The value of the last attribute with this name (case-insensitive), e.g. {@code "Priority"}. */
  public Optional<String> attribute(String attributeName) {
    for (int i = attributes.size() - 1; i >= 0; i--) {
      if (attributes.get(i).name().equalsIgnoreCase(attributeName)) {
        return Optional.of(attributes.get(i).value());
      }
    }
    return Optional.empty();
  }

  /** A builder holding this cookie's name, value and interpreted attributes. */
  public Builder toBuilder() {
    Builder b = new Builder(name, value);
    b.expires = expires;
    b.maxAge = maxAge;
    b.domain = domain == null || domain.isEmpty() ? null : domain;
    b.path = path;
    b.secure = secure;
    b.httpOnly = httpOnly;
    b.sameSite = sameSite;
    b.partitioned = partitioned;
    b.extensions.addAll(extensions());
    return b;
  }

  /**
   * Renders the header value: {@code name=value} then, in this order, Expires, Max-Age, Domain,
   * Path, Secure, HttpOnly, SameSite, Partitioned and the extensions. A parsed cookie renders its
   * interpreted attributes (the last of each) and its extensions.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(64);
    // A nameless cookie whose value holds "=" needs the leading "=" to parse back the same.
    if (!name.isEmpty() || value.indexOf('=') >= 0) out.append(name).append('=');
    out.append(value);
    if (expires != null) out.append("; Expires=").append(CookieDate.format(expires));
    if (maxAge != null) out.append("; Max-Age=").append(maxAge);
    if (domain != null && !domain.isEmpty()) {
      out.append("; Domain=");
      // Parsing drops one leading dot and then keeps the rest, so a domain that itself starts with
      // a dot or whitespace (". x", "..x") needs the dot back to parse the same (5.6.3).
      if (domain.charAt(0) == '.' || CookieChars.isWsp(domain.charAt(0))) out.append('.');
      out.append(domain);
    }
    if (path != null) out.append("; Path=").append(path);
    else if (pathAttribute) out.append("; Path="); // the last Path asked for the default-path
    if (secure) out.append("; Secure");
    if (httpOnly) out.append("; HttpOnly");
    if (sameSite != SameSite.DEFAULT) out.append("; SameSite=").append(sameSite.attributeValue());
    if (partitioned) out.append("; Partitioned");
    for (Attribute a : extensions()) {
      out.append("; ").append(a.name());
      if (!a.value().isEmpty()) out.append('=').append(a.value());
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SetCookie other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /**
   * Starts a cookie for a server to send.
   *
   * @throws IllegalArgumentException if the name is not a token or the value is neither
   *     cookie-octets nor a DQUOTE-wrapped run of them (RFC 6265 section 4.1.1)
   */
  public static Builder builder(String name, String value) {
    return new Builder(name, value);
  }

  /**
   * Quotes arbitrary text into a cookie value the way Python's {@code http.cookies} does: returned
   * unchanged when every char is a cookie-octet, otherwise wrapped in DQUOTEs with {@code "} and
   * {@code \} escaped by a backslash and every other non-cookie-octet written as {@code \ooo} octal
   * escapes of its UTF-8 bytes. {@link CookieHeader#unquote(String)} reverses it.
   */
  public static String quote(String text) {
    boolean plain = true;
    for (int i = 0; i < text.length() && plain; i++) plain = CookieChars.isCookieOctet(text.charAt(i));
    if (plain) return text;
    StringBuilder out = new StringBuilder(text.length() + 8).append('"');
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (byte b : bytes) {
      char c = (char) (b & 0xFF);
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (CookieChars.isCookieOctet(c)) out.append(c);
      else {
        out.append('\\')
            .append((char) ('0' + (c >> 6)))
            .append((char) ('0' + ((c >> 3) & 7)))
            .append((char) ('0' + (c & 7)));
      }
    }
    return out.append('"').toString();
  }

  /** Builds a {@link SetCookie} for a server, validating every part as it is set. */
  public static final class Builder {
    private final String name;
    private final String value;
    private Instant expires;
    private Long maxAge;
    private String domain;
    private String path;
    private boolean secure;
    private boolean httpOnly;
    private SameSite sameSite = SameSite.DEFAULT;
    private boolean partitioned;
    private final List<Attribute> extensions = new ArrayList<>();

    private Builder(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isEmpty()) throw new IllegalArgumentException("cookie name is empty");
      for (int i = 0; i < name.length(); i++) {
        if (!FieldSyntax.isTokenChar(name.charAt(i))) {
          throw new IllegalArgumentException(
              "unexpected char " + FieldSyntax.describe(name.charAt(i)) + " at " + i
                  + " in cookie name (RFC 6265 section 4.1.1: cookie-name = token)");
        }
      }
      checkValue(value);
      if (CookieChars.octetLength(name) + CookieChars.octetLength(value) > MAX_NAME_VALUE_OCTETS) {
        throw new IllegalArgumentException(
            "cookie name and value exceed " + MAX_NAME_VALUE_OCTETS + " octets");
      }
      this.name = name;
      this.value = value;
    }

    private static void checkValue(String value) {
      int start = 0;
      int end = value.length();
      if (end >= 2 && value.charAt(0) == '"' && value.charAt(end - 1) == '"') {
        start = 1;
        end--;
      }
      boolean quoted = start == 1;
      for (int i = start; i < end; i++) {
        // Inside DQUOTEs, the backslash escapes that quote() writes are allowed too.
        if (quoted && value.charAt(i) == '\\' && i + 1 < end
            && (value.charAt(i + 1) == '"' || value.charAt(i + 1) == '\\'
                || CookieChars.isCookieOctet(value.charAt(i + 1)))) {
          i++;
          continue;
        }
        if (!CookieChars.isCookieOctet(value.charAt(i))) {
          throw new IllegalArgumentException(
              "unexpected char " + FieldSyntax.describe(value.charAt(i)) + " at " + i
                  + " in cookie value (RFC 6265 section 4.1.1 cookie-octet; use SetCookie.quote)");
        }
      }
    }

    private static String attributeValue(String what, String v) {
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c == ';' || c < 0x20 || c == 0x7F || c > 0x7E) {
          throw new IllegalArgumentException(
              "unexpected char " + FieldSyntax.describe(c) + " at " + i + " in " + what
                  + " (RFC 6265 section 4.1.1: any CHAR except CTLs or \";\")");
        }
      }
      if (v.length() > MAX_ATTRIBUTE_VALUE_OCTETS) {
        throw new IllegalArgumentException(what + " is longer than " + MAX_ATTRIBUTE_VALUE_OCTETS);
      }
      return v;
    }

    /** {@code Expires}: truncated to seconds and rendered as an IMF-fixdate. */
    public Builder expires(Instant instant) {
      this.expires = Objects.requireNonNull(instant, "instant");
      return this;
    }

    /** {@code Max-Age} in seconds; zero or negative asks the client to delete the cookie. */
    public Builder maxAge(long seconds) {
      this.maxAge = seconds;
      return this;
    }

    public Builder maxAge(Duration duration) {
      return maxAge(duration.getSeconds());
    }

    /** {@code Domain}: a host name (letters, digits, '-', '.'), stored lower-case. */
    public Builder domain(String domain) {
      String d = domain.startsWith(".") ? domain.substring(1) : domain;
      if (d.isEmpty()) throw new IllegalArgumentException("Domain is empty");
      for (int i = 0; i < d.length(); i++) {
        char c = d.charAt(i);
        boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
            || c == '-' || c == '.';
        if (!ok) {
          throw new IllegalArgumentException(
              "unexpected char " + FieldSyntax.describe(c) + " at " + i
                  + " in Domain (RFC 6265 section 4.1.2.3; use the A-label form of IDNs)");
        }
      }
      this.domain = d.toLowerCase(Locale.ROOT);
      return this;
    }

    /** {@code Path}: must start with "/". */
    public Builder path(String path) {
      if (!path.startsWith("/")) throw new IllegalArgumentException("Path must start with '/'");
      this.path = attributeValue("Path", path);
      return this;
    }

    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    public Builder httpOnly(boolean httpOnly) {
      this.httpOnly = httpOnly;
      return this;
    }

    /** {@code SameSite}; {@link SameSite#DEFAULT} leaves the attribute out. */
    public Builder sameSite(SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    public Builder partitioned(boolean partitioned) {
      this.partitioned = partitioned;
      return this;
    }

    /** An extension attribute ({@code Priority=High}); an empty value renders the name alone. */
    public Builder attribute(String attributeName, String attributeValue) {
      if (attributeName.isEmpty()) throw new IllegalArgumentException("attribute name is empty");
      for (int i = 0; i < attributeName.length(); i++) {
        if (!FieldSyntax.isTokenChar(attributeName.charAt(i))) {
          throw new IllegalArgumentException(
              "unexpected char " + FieldSyntax.describe(attributeName.charAt(i)) + " at " + i
                  + " in attribute name");
        }
      }
      extensions.add(new Attribute(attributeName, attributeValue(attributeName, attributeValue)));
      return this;
    }

    /**
     * Builds the cookie. Refuses combinations browsers drop: {@code SameSite=None} without
     * {@code Secure}, {@code __Secure-} without {@code Secure}, and {@code __Host-} without
     * {@code Secure}, with a {@code Domain} or with a path other than "/" (RFC 6265bis 4.1.3).
     */
    public SetCookie build() {
      String lower = name.toLowerCase(Locale.ROOT);
      if (sameSite == SameSite.NONE && !secure) {
        throw new IllegalArgumentException("SameSite=None requires Secure (RFC 6265bis 5.7)");
      }
      if (lower.startsWith("__secure-") && !secure) {
        throw new IllegalArgumentException("__Secure- cookies require Secure (RFC 6265bis 4.1.3.1)");
      }
      if (lower.startsWith("__host-") && (!secure || domain != null || !"/".equals(path))) {
        throw new IllegalArgumentException(
            "__Host- cookies require Secure, Path=/ and no Domain (RFC 6265bis 4.1.3.2)");
      }
      List<Attribute> all = new ArrayList<>();
      if (expires != null) all.add(new Attribute("Expires", CookieDate.format(expires)));
      if (maxAge != null) all.add(new Attribute("Max-Age", Long.toString(maxAge)));
      if (domain != null) all.add(new Attribute("Domain", domain));
      if (path != null) all.add(new Attribute("Path", path));
      if (secure) all.add(new Attribute("Secure", ""));
      if (httpOnly) all.add(new Attribute("HttpOnly", ""));
      if (sameSite != SameSite.DEFAULT) all.add(new Attribute("SameSite", sameSite.attributeValue()));
      if (partitioned) all.add(new Attribute("Partitioned", ""));
      all.addAll(extensions);
      Instant exp = expires == null ? null : Instant.ofEpochSecond(expires.getEpochSecond());
      return new SetCookie(
          name, value, exp, maxAge, domain, path, path != null, secure, httpOnly, sameSite,
          partitioned, all);
    }
  }
}
