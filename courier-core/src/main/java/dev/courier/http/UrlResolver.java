package dev.courier.http;

/**
 * Reference resolution, RFC 3986, Section 5.2.
 *
 * <p>The reference is split as in Appendix B, its parts are combined with the base per Section
 * 5.2.2 ("strict" except for one case, below), dot segments are removed (Section 5.2.4), and the
 * recomposed text (Section 5.3) goes through {@link UrlParser}, so the result is checked and
 * canonicalized exactly like any parsed URL (a backslash or a space in a {@code Location}
 * header is refused or encoded the same way).
 *
 * <p>Non-strict case: a reference with the base's scheme and no authority ({@code http:g}) is
 * relative. RFC 3986, Section 5.2.2 allows this "for backward compatibility", browsers do it,
 * and the strict result {@code http:g} would not be a valid http URL.
 */
final class UrlResolver {
  private UrlResolver() {}

  static Url resolve(Url base, String reference) {
    if (reference == null) {
      throw new NullPointerException("reference");
    }
    if (reference.isEmpty()) {
      return base.withoutFragment(); // Section 5.2.2 with an empty path, query and fragment
    }
    UrlParser.checkWhitespace(reference);

    // Appendix B: ^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?
    String scheme = null;
    int i = 0;
    int colon = UrlParser.schemeEnd(reference);
    if (colon >= 0) {
      scheme = reference.substring(0, colon);
      i = colon + 1;
    }
    int n = reference.length();
    boolean hasAuthority = reference.startsWith("//", i);
    if (scheme != null
        && !(scheme.equalsIgnoreCase(base.scheme()) && !hasAuthority && Url.isSpecial(base.scheme()))) {
      return UrlParser.parse(reference);
    }
    if (hasAuthority) {
      return UrlParser.parse(base.scheme() + ":" + reference.substring(i));
    }
    int pathEnd = UrlParser.indexOfAny(reference, i, '?', '#');
    String refPath = reference.substring(i, pathEnd);
    String rest = reference.substring(pathEnd); // "?query#fragment", "#fragment" or ""

    String path;
    String query;
    if (refPath.isEmpty()) {
      path = base.path();
      query = rest.startsWith("?") ? null : base.rawQuery();
    } else {
      path = refPath.startsWith("/") ? refPath : merge(base, refPath);
      query = null;
    }
    path = DotSegments.remove(path);

    StringBuilder target = new StringBuilder(base.scheme()).append(':');
    if (base.hasAuthority()) {
      target.append("//").append(base.userInfo(false)).append(base.hostValue().forUri(true));
      if (base.explicitPort() >= 0) {
        target.append(':').append(base.explicitPort());
      }
    } else if (path.startsWith("//")) {
      target.append("/.");
    }
    target.append(path);
    if (query != null) {
      target.append('?').append(query);
    }
    target.append(rest);
    return UrlParser.parse(target.toString());
  }

  /** Section 5.2.3: the base path up to its last "/", then the reference path. */
  private static String merge(Url base, String refPath) {
    if (base.hasAuthority() && base.path().isEmpty()) {
      return "/" + refPath;
    }
    int slash = base.path().lastIndexOf('/');
    return base.path().substring(0, slash + 1) + refPath;
  }
}
