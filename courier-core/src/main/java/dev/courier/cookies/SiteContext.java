package dev.courier.cookies;

/**
 * How a request relates to the site that caused it, for {@code SameSite} (RFC 6265bis section
 * 5.2 and 5.8.3). A plain HTTP client has no "site for cookies", so the jar's convenience methods
 * use {@link #SAME_SITE}; a browser-like caller that knows better passes one of the others.
 *
 * <pre>{@code
 * jar.cookieHeader(url, now, SiteContext.CROSS_SITE);              // no Strict or Lax cookies
 * jar.cookieHeader(url, now, SiteContext.crossSiteNavigation("GET")); // Lax ones too
 * }</pre>
 */
public enum SiteContext {
  /** The request is same-site (or there is no site to compare with): every cookie may be sent. */
  SAME_SITE,
  /** A cross-site top-level navigation by a safe method: {@code Lax} and {@code None} cookies. */
  CROSS_SITE_SAFE_NAVIGATION,
  /** Any other cross-site request: only {@code SameSite=None} cookies (and Default, see policy). */
  CROSS_SITE;

  /** The context of a cross-site top-level navigation by {@code method} (GET/HEAD/OPTIONS/TRACE are safe). */
  public static SiteContext crossSiteNavigation(String method) {
    return switch (method) {
      case "GET", "HEAD", "OPTIONS", "TRACE" -> CROSS_SITE_SAFE_NAVIGATION;
      default -> CROSS_SITE;
    };
  }
}
