package dev.courier.cookies;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The Public Suffix List (https://publicsuffix.org/list/): which domains are registries, so that a
 * cookie for {@code co.uk} or {@code github.io} (a "supercookie") can be refused.
 *
 * <pre>{@code
 * PublicSuffixList psl = PublicSuffixList.bundled();
 * psl.publicSuffix("www.example.co.uk");        // "co.uk"
 * psl.registrableDomain("www.example.co.uk");   // Optional["example.co.uk"]
 * psl.isPublicSuffix("github.io");              // true (private section)
 * psl.date();                                   // "2026-08-19", the snapshot in the jar
 * }</pre>
 *
 * <p>The bundled snapshot sits beside this class as {@code public_suffix_list.dat} (MPL-2.0,
 * unmodified, license beside it); {@code scripts/refresh-psl.sh} refreshes it from Debian's {@code
 * publicsuffix} package. Matching follows the list's algorithm: the longest matching rule wins, an
 * exception rule ({@code !city.kobe.jp}) beats every other rule, and an unlisted TLD is its own
 * public suffix (the implicit {@code *} rule). Rules and inputs are compared as lower-case A-labels,
 * so Unicode and punycode inputs agree; the answer keeps the form of the input. Both the ICANN and
 * the private sections are used, as browsers do.
 *
 * <p>Instances are immutable and thread-safe; a lookup is one hash probe per label.
 */
public final class PublicSuffixList {
  private static final String RESOURCE = "public_suffix_list.dat";

  private static final class Bundled {
    static final PublicSuffixList INSTANCE = loadBundled();
  }

  private final Set<String> rules;
  private final Set<String> wildcards;
  private final Set<String> exceptions;
  private final String date;
  private final String version;

  private PublicSuffixList(
      Set<String> rules, Set<String> wildcards, Set<String> exceptions, String date, String version) {
    this.rules = rules;
    this.wildcards = wildcards;
    this.exceptions = exceptions;
    this.date = date;
    this.version = version;
  }

  /** The snapshot bundled in the jar, loaded once on first use. */
  public static PublicSuffixList bundled() {
    return Bundled.INSTANCE;
  }

  private static PublicSuffixList loadBundled() {
    Properties props = new Properties();
    try (InputStream in = PublicSuffixList.class.getResourceAsStream("public_suffix_list.properties")) {
      if (in != null) props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read public_suffix_list.properties", e);
    }
    try (InputStream in = PublicSuffixList.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the jar");
      return parse(
          new InputStreamReader(in, StandardCharsets.UTF_8),
          props.getProperty("date", "unknown"),
          props.getProperty("version", "unknown"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + RESOURCE, e);
    }
  }

  /**
   * Reads a list in the {@code public_suffix_list.dat} format (UTF-8; one rule a line, ending at
   * the first whitespace; {@code //} comments).
   */
  public static PublicSuffixList parse(Reader reader, String date, String version) throws IOException {
    Set<String> rules = new HashSet<>();
    Set<String> wildcards = new HashSet<>();
    Set<String> exceptions = new HashSet<>();
    BufferedReader in = new BufferedReader(reader);
    for (String line; (line = in.readLine()) != null; ) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("//")) continue;
      int space = 0;
      while (space < line.length() && !Character.isWhitespace(line.charAt(space))) space++;
      String rule = line.substring(0, space);
      if (rule.startsWith("!")) {
        exceptions.add(toAscii(rule.substring(1)));
      } else if (rule.startsWith("*.")) {
        wildcards.add(toAscii(rule.substring(2)));
      } else {
        rules.add(toAscii(rule));
      }
    }
    return new PublicSuffixList(
        Set.copyOf(rules), Set.copyOf(wildcards), Set.copyOf(exceptions), date, version);
  }

  /** The date of the list's snapshot ("2026-08-19"), as recorded when it was bundled. */
  public String date() {
    return date;
  }

  /** The version of the snapshot (a commit date or Debian package version). */
  public String version() {
    return version;
  }

  /** How many rules the list holds. */
  public int size() {
    return rules.size() + wildcards.size() + exceptions.size();
  }

  /**
   * The public suffix of a domain ({@code "co.uk"} for {@code "www.example.co.uk"}), in the form of
   * the input (Unicode stays Unicode). Empty for an empty domain or one with empty labels.
   */
  public Optional<String> publicSuffix(String domain) {
    String[] original = labels(domain);
    if (original == null) return Optional.empty();
    int count = suffixLabelCount(asciiLabels(original));
    return Optional.of(join(original, original.length - count));
  }

  /**
   * The registrable domain ("eTLD+1"): the public suffix and one more label. Empty when the domain
   * is itself a public suffix, starts with a dot or has empty labels.
   */
  public Optional<String> registrableDomain(String domain) {
    String[] original = labels(domain);
    if (original == null) return Optional.empty();
    int count = suffixLabelCount(asciiLabels(original));
    if (count >= original.length) return Optional.empty();
    return Optional.of(join(original, original.length - count - 1));
  }

  /** True when the domain is a public suffix ({@code com}, {@code co.uk}, {@code github.io}). */
  public boolean isPublicSuffix(String domain) {
    String[] original = labels(domain);
    if (original == null) return false;
    return suffixLabelCount(asciiLabels(original)) == original.length;
  }

  /** Number of trailing labels that form the public suffix. */
  private int suffixLabelCount(String[] labels) {
    int n = labels.length;
    // An exception rule beats every other rule: its public suffix is the rule minus its first label.
    for (int i = 0; i < n; i++) {
      if (exceptions.contains(join(labels, i))) return n - i - 1;
    }
    // Otherwise the longest match wins (i = 0 is the longest candidate).
    for (int i = 0; i < n; i++) {
      String suffix = join(labels, i);
      if (rules.contains(suffix)) return n - i;
      if (i + 1 < n && wildcards.contains(join(labels, i + 1))) return n - i;
    }
    return 1; // The implicit "*" rule.
  }

  private static String[] labels(String domain) {
    Objects.requireNonNull(domain, "domain");
    String d = domain.toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) d = d.substring(0, d.length() - 1); // An absolute name's root dot.
    if (d.isEmpty()) return null;
    String[] labels = d.split("\\.", -1);
    for (String label : labels) {
      if (label.isEmpty()) return null;
    }
    return labels;
  }

  private static String[] asciiLabels(String[] labels) {
    String[] out = labels;
    for (int i = 0; i < labels.length; i++) {
      String ascii = toAscii(labels[i]);
      if (!ascii.equals(labels[i])) {
        if (out == labels) out = labels.clone();
        out[i] = ascii;
      }
    }
    return out;
  }

  private static String join(String[] labels, int from) {
    if (from == labels.length - 1) return labels[from];
    return String.join(".", java.util.Arrays.asList(labels).subList(from, labels.length));
  }

  /** Lower-case A-label form; text that IDNA refuses is kept as it is (it then matches nothing). */
  static String toAscii(String name) {
    boolean ascii = true;
    for (int i = 0; i < name.length() && ascii; i++) ascii = name.charAt(i) < 0x80;
    if (ascii) return name.toLowerCase(Locale.ROOT);
    try {
      return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return name.toLowerCase(Locale.ROOT);
    }
  }
}
