package dev.courier.internal;

import dev.courier.http.FieldSyntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge from {@code WWW-Authenticate} or {@code Proxy-Authenticate} (RFC 9110, Section
 * 11.6.1): a scheme and its parameters (names lower-cased, quoted values unescaped), or a token68.
 *
 * The same grammar carries credentials ({@code Authorization}, Section 11.6.2), so the server reads
 * a Digest answer with it too: one auth-param parser for client and server.
 *
 * <p>The parser is a single forward scan, linear in the input, with no regular expressions:
 * CPython's backtracking regex here was CVE-2021-3733.
 */
public record AuthChallenge(String scheme, Map<String, String> params, String token68) {
  /** Header values longer than this are ignored rather than parsed. */
  public static final int MAX_LENGTH = 16 * 1024;

  /** The parameter {@code name} (case-insensitive), unquoted. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
  }

  /** True when the scheme is {@code s}, case-insensitively (RFC 9110, Section 11.1). */
  public boolean is(String s) {
    return scheme.equalsIgnoreCase(s);
  }

  /** Every challenge (or credentials) in the given header values, in order; malformed parts are skipped. */
  public static List<AuthChallenge> parseAll(List<String> headerValues) {
    List<AuthChallenge> out = new ArrayList<>();
    for (String v : headerValues) {
      if (v.length() <= MAX_LENGTH) new Scanner(v).parseInto(out);
    }
    return out;
  }

  /** One header value, without the length limit: for a test that counts the characters read. */
  static void parseInto(CharSequence value, List<AuthChallenge> out) {
    new Scanner(value).parseInto(out);
  }

  private static final class Scanner {
    private final CharSequence s;
    private int i;

    Scanner(CharSequence s) {
      this.s = s;
    }

    void parseInto(List<AuthChallenge> out) {
      while (true) {
        skip(" \t,");
        if (i >= s.length()) return;
        String scheme = token();
        if (scheme.isEmpty()) {
          i++; // not a token character: skip it and resynchronise
          continue;
        }
        skip(" \t");
        Map<String, String> params = new LinkedHashMap<>();
        String token68 = null;
        int save = i;
        String maybe68 = token68();
        int after = i;
        skip(" \t");
        if (!maybe68.isEmpty() && (i >= s.length() || s.charAt(i) == ',') && !looksLikeParam(save)) {
          token68 = maybe68;
        } else {
          i = save;
          parseParams(params);
        }
        if (token68 != null) i = after;
        out.add(new AuthChallenge(scheme, Map.copyOf(params), token68 == null ? "" : token68));
      }
    }

    /** True when at {@code from} there is "name =" (a parameter), not a token68. */
    private boolean looksLikeParam(int from) {
      int j = from;
      while (j < s.length() && FieldSyntax.isTokenChar(s.charAt(j))) j++;
      while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) j++;
      return j < s.length() && s.charAt(j) == '=' && j > from
          && !(j + 1 >= s.length() || s.charAt(j + 1) == '=' || s.charAt(j + 1) == ',');
    }

    private void parseParams(Map<String, String> params) {
      while (i < s.length()) {
        int start = i;
        String name = token();
        skip(" \t");
        if (name.isEmpty() || i >= s.length() || s.charAt(i) != '=') {
          i = start; // the next challenge's scheme, or junk: let the outer loop decide
          return;
        }
        i++;
        skip(" \t");
        String value = i < s.length() && s.charAt(i) == '"' ? quoted() : token();
        params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        skip(" \t");
        if (i < s.length() && s.charAt(i) == ',') {
          i++;
          skip(" \t,");
        } else {
          return;
        }
      }
    }

    private String token() {
      int start = i;
      while (i < s.length() && FieldSyntax.isTokenChar(s.charAt(i))) i++;
      return s.subSequence(start, i).toString();
    }

    /** token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
    private String token68() {
      int start = i;
      while (i < s.length()) {
        char c = s.charAt(i);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/') {
          i++;
        } else {
          break;
        }
      }
      if (i == start) return "";
      while (i < s.length() && s.charAt(i) == '=') i++;
      return s.subSequence(start, i).toString();
    }

    private String quoted() {
      StringBuilder out = new StringBuilder();
      i++; // opening quote
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') return out.toString();
        if (c == '\\' && i < s.length()) c = s.charAt(i++);
        out.append(c);
      }
      return out.toString(); // unterminated: take what there is
    }

    private void skip(String chars) {
      while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) i++;
    }
  }
}
