package dev.courier.server;

import java.util.List;
import java.util.Locale;

/**
 * What a request's {@code Accept-Encoding} allows (RFC 9110 section 12.5.3): the quality of a
 * content coding, with {@code *} standing for codings not listed, {@code x-gzip} for {@code gzip}
 * (section 8.4.1.3), and {@code identity} acceptable unless excluded. A malformed quality counts as
 * 0: a server never guesses that a client can decode something.
 *
 * <pre>{@code
 * AcceptEncoding.quality("gzip;q=0.5, br", "br");         // 1.0
 * AcceptEncoding.preferred("gzip, br;q=0.9", List.of("br", "zstd", "gzip"));   // "gzip"
 * }</pre>
 */
final class AcceptEncoding {
  private AcceptEncoding() {}

  /** The quality, 0 to 1, of {@code coding} (lower case) under {@code header}; absent header → identity only. */
  static double quality(String header, String coding) {
    if (header == null) return coding.equals("identity") ? 1 : 0;
    double star = -1;
    for (String member : header.split(",")) {
      int semi = member.indexOf(';');
      String name = (semi < 0 ? member : member.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) continue;
      if (name.equals("x-gzip")) name = "gzip";
      double q = semi < 0 ? 1 : qvalue(member.substring(semi + 1));
      if (name.equals(coding)) return q;
      if (name.equals("*")) star = q;
    }
    if (star >= 0) return star;
    return coding.equals("identity") ? 1 : 0;
  }

  /**
   * The acceptable coding of {@code available} (in the server's order of preference) with the
   * highest quality, the earlier on a tie; null when none is acceptable.
   */
  static String preferred(String header, List<String> available) {
    String best = null;
    double bestQ = 0;
    for (String coding : available) {
      double q = quality(header, coding);
      if (q > bestQ) {
        best = coding;
        bestQ = q;
      }
    }
    return best;
  }

  /** {@code weight = OWS ";" OWS "q=" qvalue}, {@code qvalue = ("0" ["." 0*3DIGIT]) / ("1" ["." 0*3("0")])}. */
  private static double qvalue(String params) {
    for (String param : params.split(";")) {
      String p = param.trim();
      if (p.length() < 2 || (p.charAt(0) != 'q' && p.charAt(0) != 'Q') || p.charAt(1) != '=') continue;
      String v = p.substring(2);
      if (v.isEmpty() || v.length() > 5 || (v.charAt(0) != '0' && v.charAt(0) != '1')) return 0;
      if (v.length() > 1) {
        if (v.charAt(1) != '.') return 0;
        for (int i = 2; i < v.length(); i++) {
          char c = v.charAt(i);
          if (c < '0' || c > '9' || (v.charAt(0) == '1' && c != '0')) return 0;
        }
      }
      return Double.parseDouble(v.endsWith(".") ? v + "0" : v);
    }
    return 1;
  }
}
