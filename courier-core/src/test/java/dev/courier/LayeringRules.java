package dev.courier;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layering rules of the library as data (each package may use only those below it), and a checker that reads one Java source file and lists
 * every reference that points up or sideways. Comments and string literals are blanked first, so
 * a Javadoc that mentions {@code java.net} is not a violation but code that uses it is.
 *
 * <p>When a new package is added to the library, add it to {@link Layer} with what it may use:
 * an unknown package is itself a violation, so the map cannot silently fall behind the code.
 */
final class LayeringRules {
  /** The packages of the library, bottom up, and the two modules the library must never use. */
  enum Layer {
    ERROR("dev.courier.error"),
    HTTP("dev.courier.http"),
    HTTP_ACCESS("dev.courier.http.access"),
    INTERNAL("dev.courier.internal"),
    WIRE("dev.courier.http.wire"),
    H2("dev.courier.http.h2"),
    NET("dev.courier.net"),
    CLIENT("dev.courier.client"),
    COOKIES("dev.courier.cookies"),
    ROOT("dev.courier"),
    SERVER("dev.courier.server"),
    HTTPBIN("dev.courier.server.httpbin"),
    CLI("dev.courier.cli"),
    BENCH("dev.courier.bench");

    final String packageName;

    Layer(String packageName) {
      this.packageName = packageName;
    }

    /** What code in this layer may reference, itself included: the arrows point down only. */
    Set<Layer> allowed() {
      return switch (this) {
        case ERROR -> EnumSet.of(ERROR);
        // http registers its doors in http.access (the JDK's SharedSecrets pattern); http.access
        // is not exported, and only http and the codec beside it may use it (HeadersAccess: the
        // HTTP/1.1 parser hands over fields it already checked). Nothing else gets the arrow.
        case HTTP -> EnumSet.of(HTTP, HTTP_ACCESS, ERROR);
        case HTTP_ACCESS -> EnumSet.of(HTTP_ACCESS, HTTP, ERROR);
        // Helpers shared by the layers above http that are not public vocabulary (unexported).
        case INTERNAL -> EnumSet.of(INTERNAL, HTTP, ERROR);
        case WIRE -> EnumSet.of(WIRE, HTTP, HTTP_ACCESS, ERROR);
        case H2 -> EnumSet.of(H2, HTTP, ERROR);
        case NET -> EnumSet.of(NET, ERROR);
        case CLIENT -> EnumSet.of(CLIENT, WIRE, H2, NET, HTTP, INTERNAL, ERROR);
        case COOKIES -> EnumSet.of(COOKIES, HTTP, INTERNAL, ERROR);
        case ROOT -> EnumSet.of(ROOT, HTTP, WIRE, H2, NET, CLIENT, COOKIES, INTERNAL, ERROR);
        case SERVER -> EnumSet.of(SERVER, WIRE, H2, NET, HTTP, COOKIES, INTERNAL, ERROR);
        // The built-in httpbin is an application of the server: it uses it, the server never uses it.
        case HTTPBIN -> EnumSet.of(HTTPBIN, SERVER, HTTP, COOKIES, INTERNAL, ERROR);
        // Not library code: finding a file of these in the library is itself a violation.
        case CLI, BENCH -> EnumSet.noneOf(Layer.class);
      };
    }
  }

  /** A JDK or code construct a layer must not use, with the reason shown in the failure. */
  record Forbidden(Pattern pattern, String what, String why) {
    static Forbidden of(String regex, String what, String why) {
      return new Forbidden(Pattern.compile(regex), what, why);
    }
  }

  private static final String SANS_IO = "the codec is sans-I/O: no sockets, threads or clock";

  /** The codec's JDK rules ({@code http/wire/package-info.java}): bytes in, events out. */
  private static final List<Forbidden> WIRE_FORBIDDEN =
      List.of(
          Forbidden.of("\\bjava\\.net\\b", "java.net", SANS_IO),
          Forbidden.of("\\bjavax\\.net\\b", "javax.net", SANS_IO),
          Forbidden.of("\\bjava\\.nio\\.channels\\b", "java.nio.channels", SANS_IO),
          Forbidden.of("\\bjava\\.util\\.concurrent\\b", "java.util.concurrent", SANS_IO),
          Forbidden.of("\\bThread\\b", "Thread", SANS_IO),
          Forbidden.of("\\bSystem\\s*\\.\\s*(currentTimeMillis|nanoTime)\\b", "the system clock", SANS_IO),
          Forbidden.of("\\b(Instant|Clock|LocalDateTime|ZonedDateTime|OffsetDateTime|LocalDate|LocalTime)"
              + "\\s*\\.\\s*(now|systemUTC|systemDefaultZone)\\b", "the system clock", SANS_IO));

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  /** A reference to our code: the lower-case segments after dev.courier are the package. */
  private static final Pattern OURS = Pattern.compile("\\bdev\\.courier(\\.[a-z_][a-z0-9_]*)*");

  private LayeringRules() {}

  /** The layer of a package of ours, or null when the map does not know it. */
  static Layer layerOf(String packageName) {
    Layer best = null;
    for (Layer layer : Layer.values()) {
      boolean matches =
          packageName.equals(layer.packageName)
              || (layer != Layer.ROOT && packageName.startsWith(layer.packageName + "."));
      if (matches && (best == null || layer.packageName.length() > best.packageName.length())) {
        best = layer;
      }
    }
    return best;
  }

  /**
   * Every violation in one source file, as {@code file:line: message}. An empty list means the
   * file respects the layers.
   */
  static List<String> check(String file, String source) {
    List<String> violations = new ArrayList<>();
    String code = blankCommentsAndLiterals(source);
    Matcher pkg = PACKAGE.matcher(code);
    if (!pkg.find()) {
      violations.add(file + ":1: no package declaration");
      return violations;
    }
    String packageName = pkg.group(1);
    Layer from = layerOf(packageName);
    if (from == null) {
      violations.add(file + ":" + lineOf(code, pkg.start(1)) + ": package " + packageName
          + " is not in the layering map of DESIGN.md; add it to LayeringRules.Layer");
      return violations;
    }
    if (from == Layer.CLI || from == Layer.BENCH) {
      violations.add(file + ":" + lineOf(code, pkg.start(1)) + ": " + packageName
          + " does not belong in the library");
      return violations;
    }
    // Blank the package declaration so that it does not count as a reference.
    code = code.substring(0, pkg.start()) + " ".repeat(pkg.end() - pkg.start()) + code.substring(pkg.end());

    Matcher ours = OURS.matcher(code);
    while (ours.find()) {
      String target = ours.group();
      Layer to = layerOf(target);
      if (to == null) {
        violations.add(file + ":" + lineOf(code, ours.start()) + ": " + packageName
            + " uses " + target + ", a package not in the layering map");
      } else if (!from.allowed().contains(to)) {
        violations.add(file + ":" + lineOf(code, ours.start()) + ": " + packageName
            + " must not use " + target + " (" + from + " may use only " + from.allowed() + ")");
      }
    }
    if (from == Layer.WIRE || from == Layer.H2) {
      for (Forbidden rule : WIRE_FORBIDDEN) {
        Matcher m = rule.pattern().matcher(code);
        while (m.find()) {
          violations.add(file + ":" + lineOf(code, m.start()) + ": " + packageName
              + " must not use " + rule.what() + " (" + rule.why() + ")");
        }
      }
    }
    return violations;
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) if (text.charAt(i) == '\n') line++;
    return line;
  }

  /**
   * The source with comments, string literals, text blocks and char literals replaced by spaces,
   * line breaks kept so that line numbers still match.
   */
  static String blankCommentsAndLiterals(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        if (end < 0) end = n;
        i = blank(source, i, end, out);
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        i = blank(source, i, end, out);
      } else if (source.startsWith("\"\"\"", i)) {
        int end = closing(source, i + 3, "\"\"\"");
        i = blank(source, i, end, out);
      } else if (c == '"' || c == '\'') {
        int end = closing(source, i + 1, String.valueOf(c));
        i = blank(source, i, end, out);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index after the {@code quote} that closes a literal starting at {@code from}. */
  private static int closing(String source, int from, String quote) {
    int i = from;
    while (i < source.length()) {
      if (source.charAt(i) == '\\') {
        i += 2; // an escape: the next char never closes the literal
      } else if (source.startsWith(quote, i)) {
        return i + quote.length();
      } else {
        i++;
      }
    }
    return source.length();
  }

  private static int blank(String source, int start, int end, StringBuilder out) {
    for (int i = start; i < end; i++) out.append(source.charAt(i) == '\n' ? '\n' : ' ');
    return end;
  }
}
