package dev.courier.server;

import dev.courier.http.HttpDate;
import java.time.Instant;
import java.util.Optional;

/**
 * Conditional requests against a representation with a strong entity tag and a modification
 * time, in the order RFC 9110 section 13.2.2 prescribes.
 */
final class Conditionals {
  private Conditionals() {}

  /**
   * 412 or 304 when a precondition decides the answer, null to go on. Steps: If-Match, else
   * If-Unmodified-Since (412 on failure); If-None-Match, else If-Modified-Since for GET/HEAD (304).
   */
  static Integer evaluate(ServerRequest request, String etag, Instant modified) {
    boolean getOrHead = request.method().equals("GET") || request.method().equals("HEAD");
    Optional<String> ifMatch = request.header("If-Match");
    if (ifMatch.isPresent()) {
      if (!matches(request.headers().allValues("If-Match"), etag, false)) return 412;
    } else {
      Optional<Instant> since = request.header("If-Unmodified-Since").flatMap(Conditionals::date);
      if (since.isPresent() && modified.isAfter(since.get())) return 412;
    }
    if (request.header("If-None-Match").isPresent()) {
      // Section 13.1.2: weak comparison; "*" matches any current representation.
      if (matches(request.headers().allValues("If-None-Match"), etag, true)) return getOrHead ? 304 : 412;
    } else if (getOrHead) {
      Optional<Instant> since = request.header("If-Modified-Since").flatMap(Conditionals::date);
      if (since.isPresent() && !modified.isAfter(since.get())) return 304;
    }
    return null;
  }

  /**
   * Section 13.1.5: a Range applies only if If-Range is absent or matches: an entity tag by
   * strong comparison (a weak tag never matches), a date only when it equals Last-Modified exactly.
   */
  static boolean ifRangeAllows(ServerRequest request, String etag, Instant modified) {
    Optional<String> ifRange = request.header("If-Range");
    if (ifRange.isEmpty()) return true;
    String value = ifRange.get().trim();
    if (value.startsWith("\"") || value.startsWith("W/")) return value.equals(etag);
    return HttpDate.tryParse(value, Instant.now()).map(modified::equals).orElse(false);
  }

  /** An HTTP-date; the clock is read only for the two-digit years of obsolete RFC 850 dates. */
  private static Optional<Instant> date(String value) {
    return HttpDate.tryParse(value, Instant.now());
  }

  /** True when a list of entity tags (or "*") matches {@code etag}. */
  private static boolean matches(java.util.List<String> headerValues, String etag, boolean weak) {
    String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
    for (String header : headerValues) {
      for (String raw : header.split(",")) {
        String tag = raw.trim();
        if (tag.equals("*")) return true;
        if (tag.startsWith("W/")) {
          if (weak && tag.substring(2).equals(opaque)) return true;
        } else if (tag.equals(opaque) && (weak || !etag.startsWith("W/"))) {
          return true;
        }
      }
    }
    return false;
  }
}
