package dev.courier.http;

import static java.util.Locale.ROOT;

import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A media type such as {@code text/html; charset=utf-8}, as in Content-Type and Accept (RFC 9110,
 * Section 8.3.1). Immutable. Type, subtype and parameter names compare case-insensitively and are
 * kept lower-case; parameter values keep their case (the {@code charset} value compares
 * case-insensitively, RFC 9110, Section 8.3.2). Quoted-string values are stored unquoted.
 *
 * <pre>{@code
 * MediaType type = MediaType.parse("Text/HTML; Charset=\"UTF-8\"");
 * type.type();                  // "text"
 * type.parameter("charset");    // Optional["UTF-8"]
 * type.charset();               // Optional[UTF-8]
 * type.toString();              // "text/html; charset=UTF-8"
 * MediaType.APPLICATION_JSON.withCharset(UTF_8);   // application/json; charset=utf-8
 * MediaType.tryParse("no slash");   // Optional.empty()
 * }</pre>
 *
 * <p>Parsing is strict about the grammar (RFC 9110, Section 8.3.1): no whitespace around {@code
 * "/"} or {@code "="}, tokens and quoted-strings only. Whitespace around the whole value and empty
 * parameters ({@code text/plain;;a=b;}) are allowed because the grammar allows them. A parameter
 * name given twice is refused, because recipients would disagree on which one counts (RFC 6838,
 * Section 4.3 forbids repeats).
 */
public final class MediaType {
  /** {@code application/json}; RFC 8259 defines no charset parameter for it (it is UTF-8). */
  public static final MediaType APPLICATION_JSON = of("application", "json");
  /** {@code application/problem+json} (RFC 9457). */
  public static final MediaType APPLICATION_PROBLEM_JSON = of("application", "problem+json");
  /** {@code application/octet-stream}: arbitrary bytes. */
  public static final MediaType APPLICATION_OCTET_STREAM = of("application", "octet-stream");
  /** {@code application/x-www-form-urlencoded}: HTML form fields. */
  public static final MediaType APPLICATION_FORM_URLENCODED =
      of("application", "x-www-form-urlencoded");
  /** {@code application/xml}. */
  public static final MediaType APPLICATION_XML = of("application", "xml");
  /** {@code application/pdf}. */
  public static final MediaType APPLICATION_PDF = of("application", "pdf");
  /** {@code multipart/form-data} (RFC 7578); a {@code boundary} parameter must be added. */
  public static final MediaType MULTIPART_FORM_DATA = of("multipart", "form-data");
  /** {@code text/plain}. */
  public static final MediaType TEXT_PLAIN = of("text", "plain");
  /** {@code text/plain; charset=utf-8}. */
  public static final MediaType TEXT_PLAIN_UTF8 = TEXT_PLAIN.withParameter("charset", "utf-8");
  /** {@code text/html}. */
  public static final MediaType TEXT_HTML = of("text", "html");
  /** {@code text/html; charset=utf-8}. */
  public static final MediaType TEXT_HTML_UTF8 = TEXT_HTML.withParameter("charset", "utf-8");
  /** {@code text/css}. */
  public static final MediaType TEXT_CSS = of("text", "css");
  /** {@code text/csv} (RFC 4180). */
  public static final MediaType TEXT_CSV = of("text", "csv");
  /** {@code text/javascript} (RFC 9239). */
  public static final MediaType TEXT_JAVASCRIPT = of("text", "javascript");
  /** {@code text/event-stream} (server-sent events). */
  public static final MediaType TEXT_EVENT_STREAM = of("text", "event-stream");
  /** {@code image/png}. */
  public static final MediaType IMAGE_PNG = of("image", "png");
  /** {@code image/jpeg}. */
  public static final MediaType IMAGE_JPEG = of("image", "jpeg");
  /** {@code image/gif}. */
  public static final MediaType IMAGE_GIF = of("image", "gif");
  /** {@code image/svg+xml}. */
  public static final MediaType IMAGE_SVG = of("image", "svg+xml");
  /** {@code *}{@code /*}: the media range that matches anything. */
  public static final MediaType ANY = of("*", "*");

  private final String type;
  private final String subtype;
  private final Map<String, String> parameters;
  private final String text;

  private MediaType(String type, String subtype, Map<String, String> parameters) {
    this.type = type;
    this.subtype = subtype;
    this.parameters = Collections.unmodifiableMap(parameters);
    this.text = render(type, subtype, parameters);
  }

  /**
   * The media type {@code type/subtype} without parameters.
   *
   * @throws IllegalArgumentException when either part is not a token
   */
  public static MediaType of(String type, String subtype) {
    String t = FieldSyntax.requireToken("media type", type).toLowerCase(ROOT);
    String s = FieldSyntax.requireToken("media subtype", subtype).toLowerCase(ROOT);
    return new MediaType(t, s, new LinkedHashMap<>());
  }

  /**
   * Parses a media type as found in Content-Type.
   *
   * @throws IllegalArgumentException saying what is wrong and at which index
   */
  public static MediaType parse(String value) {
    return new MediaTypeParser(value).parse();
  }

  /** Parses a media type, or returns empty when {@code value} is not one. */
  public static Optional<MediaType> tryParse(String value) {
    try {
      return Optional.of(parse(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The media type for a file name, by its last extension, case-insensitively; empty for a name
   * without an extension or with one the table does not know. The type has no charset, since a
   * name does not say how a file's text is encoded; a server that knows its files are UTF-8 adds
   * one with {@link #withCharset}.
   *
   * <pre>{@code
   * MediaType.forFileName("report.PDF");      // Optional[application/pdf]
   * MediaType.forFileName("notes.txt");       // Optional[text/plain]
   * MediaType.forFileName("README");          // Optional.empty()
   * }</pre>
   */
  public static Optional<MediaType> forFileName(String fileName) {
    return FileExtensions.typeOf(fileName);
  }

  /** Called by {@link MediaTypeParser} with checked, lower-cased parts. */
  static MediaType create(String type, String subtype, Map<String, String> parameters) {
    return new MediaType(type, subtype, parameters);
  }

  /** The top-level type, lower-case: "text" in {@code text/html}. */
  public String type() {
    return type;
  }

  /** The subtype, lower-case: "html" in {@code text/html}. */
  public String subtype() {
    return subtype;
  }

  /** {@code type/subtype} without parameters: "text/html". */
  public String essence() {
    return type + "/" + subtype;
  }

  /** The parameters in order, names lower-case, values unquoted. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** The value of a parameter, its name compared case-insensitively. */
  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(ROOT)));
  }

  /**
   * The charset named by the {@code charset} parameter, or empty when there is none or the JVM
   * does not know it (an unknown or malformed name is not an error here: callers fall back).
   */
  public Optional<Charset> charset() {
    String name = parameters.get("charset");
    if (name == null) return Optional.empty();
    try {
      return Optional.of(Charset.forName(name));
    } catch (IllegalArgumentException e) { // IllegalCharsetName, UnsupportedCharset
      return Optional.empty();
    }
  }

  /**
   * This type with {@code charset} set to the charset's name in lower case (replacing any charset
   * already there, in its place): {@code text/plain; charset=utf-8}.
   */
  public MediaType withCharset(Charset charset) {
    return withParameter("charset", charset.name().toLowerCase(ROOT));
  }

  /**
   * This type with parameter {@code name} set to {@code value}, replacing a parameter of that name
   * in its place or appending it.
   *
   * @throws IllegalArgumentException when {@code name} is not a token or {@code value} has a
   *     character a quoted-string cannot carry (a control character other than HTAB, or one above
   *     U+00FF)
   */
  public MediaType withParameter(String name, String value) {
    String key = FieldSyntax.requireToken("media type parameter name", name).toLowerCase(ROOT);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!FieldSyntax.isFieldValueChar(c)) {
        throw new IllegalArgumentException(
            "unexpected char " + FieldSyntax.describe(c) + " at " + i + " in media type parameter "
                + key);
      }
    }
    Map<String, String> copy = new LinkedHashMap<>(parameters);
    copy.put(key, value);
    return new MediaType(type, subtype, copy);
  }

  /** This type without the parameter {@code name} (compared case-insensitively). */
  public MediaType withoutParameter(String name) {
    String key = name.toLowerCase(ROOT);
    if (!parameters.containsKey(key)) return this;
    Map<String, String> copy = new LinkedHashMap<>(parameters);
    copy.remove(key);
    return new MediaType(type, subtype, copy);
  }

  /** This type without any parameters. */
  public MediaType withoutParameters() {
    return parameters.isEmpty() ? this : new MediaType(type, subtype, new LinkedHashMap<>());
  }

  /** True for {@code *}{@code /*}-style ranges whose type is {@code *}. */
  public boolean isWildcardType() {
    return type.equals("*");
  }

  /** True when the subtype is {@code *}, as in {@code text/*}. */
  public boolean isWildcardSubtype() {
    return subtype.equals("*");
  }

  /**
   * True when this media range includes {@code other}, as Accept matching needs (RFC 9110,
   * Section 12.5.1): {@code *}{@code /*} includes everything, {@code text/*} every text type, and
   * every parameter of this range must appear in {@code other} with an equal value.
   */
  public boolean includes(MediaType other) {
    if (!isWildcardType() && !type.equals(other.type)) return false;
    if (!isWildcardSubtype() && !subtype.equals(other.subtype)) return false;
    for (Map.Entry<String, String> entry : parameters.entrySet()) {
      String theirs = other.parameters.get(entry.getKey());
      if (theirs == null || !valueEquals(entry.getKey(), entry.getValue(), theirs)) return false;
    }
    return true;
  }

  /**
   * True for JSON: {@code application/json} and any {@code +json} structured syntax suffix
   * (RFC 6839, Section 3.1), such as {@code application/problem+json}.
   */
  public boolean isJson() {
    return (type.equals("application") && subtype.equals("json")) || subtype.endsWith("+json");
  }

  /**
   * True for XML: {@code application/xml}, {@code text/xml} and any {@code +xml} suffix (RFC 7303).
   */
  public boolean isXml() {
    return ((type.equals("application") || type.equals("text")) && subtype.equals("xml"))
        || subtype.endsWith("+xml");
  }

  /**
   * True when the content is text a person could read, so a charset applies: every {@code text/*}
   * type, JSON, XML, YAML, JavaScript and HTML form data.
   */
  public boolean isText() {
    if (type.equals("text") || isJson() || isXml() || subtype.endsWith("+yaml")) return true;
    if (!type.equals("application")) return false;
    return switch (subtype) {
      case "javascript", "ecmascript", "x-www-form-urlencoded", "yaml", "x-yaml", "x-ndjson",
          "graphql" -> true;
      default -> false;
    };
  }

  /**
   * Equal when type, subtype and the set of parameters are equal; parameter order does not matter,
   * names and the {@code charset} value compare case-insensitively, other values exactly.
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) return true;
    if (!(other instanceof MediaType that)) return false;
    if (!type.equals(that.type) || !subtype.equals(that.subtype)) return false;
    if (parameters.size() != that.parameters.size()) return false;
    for (Map.Entry<String, String> entry : parameters.entrySet()) {
      String theirs = that.parameters.get(entry.getKey());
      if (theirs == null || !valueEquals(entry.getKey(), entry.getValue(), theirs)) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = Objects.hash(type, subtype);
    for (Map.Entry<String, String> entry : parameters.entrySet()) {
      String value = entry.getValue();
      if (entry.getKey().equals("charset")) value = value.toLowerCase(ROOT);
      hash += entry.getKey().hashCode() ^ value.hashCode(); // order-independent, like equals
    }
    return hash;
  }

  /**
   * The canonical form: lower-case type, subtype and parameter names, {@code "; "} between
   * parameters, each value as a token when it is one, else as a quoted-string with {@code "} and
   * {@code \} escaped. {@code parse(x.toString())} equals {@code x}.
   */
  @Override
  public String toString() {
    return text;
  }

  private static boolean valueEquals(String name, String a, String b) {
    return name.equals("charset") ? a.equalsIgnoreCase(b) : a.equals(b);
  }

  private static String render(String type, String subtype, Map<String, String> parameters) {
    StringBuilder out = new StringBuilder(type.length() + subtype.length() + 1);
    out.append(type).append('/').append(subtype);
    parameters.forEach(
        (name, value) -> {
          out.append("; ").append(name).append('=');
          if (FieldSyntax.isToken(value)) {
            out.append(value);
          } else {
            // RFC 9110, Section 5.6.4: quoted-string, with quoted-pair for DQUOTE and backslash.
            out.append('"');
            for (int i = 0; i < value.length(); i++) {
              char c = value.charAt(i);
              if (c == '"' || c == '\\') out.append('\\');
              out.append(c);
            }
            out.append('"');
          }
        });
    return out.toString();
  }
}
