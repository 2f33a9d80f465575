package dev.courier.cookies;

import java.time.Instant;
import java.util.Locale;

/**
 * The storage model of RFC 6265bis section 5.7: from a parsed {@code Set-Cookie} and the request
 * it answered, the cookie to store or the reason to ignore it. Pure (no store, no clock); step 16,
 * which needs the store, is left to {@link CookieJar}.
 */
final class StorageModel {
  private StorageModel() {}

  /** The outcome: a cookie to store, or the rule that refused it. */
  record Decision(Cookie cookie, boolean secureOrigin, String refusal) {
    static Decision refuse(String reason) {
      return new Decision(null, false, reason);
    }
  }

  static Decision decide(
      RequestUrl target, SetCookie sc, Instant now, SiteContext context, CookiePolicy policy,
      CookieLimits limits) {
    String host = target.host();
    if (sc.name().isEmpty()) {
      if (!policy.acceptNamelessCookies()) return Decision.refuse("nameless cookie (policy: RFC 6265)");
      // Step 4: a nameless cookie must not look like a prefixed one.
      String v = sc.value().toLowerCase(Locale.ROOT);
      if (v.startsWith("__secure-") || v.startsWith("__host-")) {
        return Decision.refuse("nameless cookie with a prefix (step 4)");
      }
    }
    Instant expires = expiry(sc, now, limits);
    // Steps 7-10: domain.
    String domainAttribute = sc.domain().orElse("");
    if (!domainAttribute.isEmpty()) {
      for (int i = 0; i < domainAttribute.length(); i++) {
        if (domainAttribute.charAt(i) >= 0x80) return Decision.refuse("non-ASCII Domain attribute (step 8)");
      }
      if (policy.rejectSingleLabelDomains()
          && domainAttribute.indexOf('.') < 0
          && !domainAttribute.equals(host)) {
        return Decision.refuse("Domain without an embedded dot (policy)");
      }
      // Step 9: a public suffix is refused, unless it is the host itself (then host-only).
      if (policy.rejectPublicSuffixes() && policy.publicSuffixList().isPublicSuffix(domainAttribute)) {
        if (!domainAttribute.equals(host)) return Decision.refuse("Domain is a public suffix (step 9)");
        domainAttribute = "";
      }
    }
    boolean hostOnly = domainAttribute.isEmpty();
    String domain = hostOnly ? host : domainAttribute;
    if (!hostOnly && !CookieMatching.domainMatches(host, domain)) {
      return Decision.refuse("Domain " + domain + " does not domain-match " + host + " (step 10)");
    }
    if (!policy.isDomainPermitted(domain) || !policy.isDomainPermitted(host)) {
      return Decision.refuse("domain blocked by policy");
    }
    // Step 11: path.
    String path = sc.path().orElseGet(() -> CookieMatching.defaultPath(target.path()));
    // Steps 12-13: Secure needs a secure origin.
    boolean secureOrigin = policy.isSecure(target);
    if (sc.secure() && !secureOrigin && policy.secureOnlyFromSecureOrigins()) {
      return Decision.refuse("Secure cookie from an insecure origin (step 13)");
    }
    // Steps 17-19: SameSite.
    SameSite sameSite = sc.sameSite();
    boolean restricted =
        sameSite == SameSite.STRICT
            || sameSite == SameSite.LAX
            || (sameSite == SameSite.DEFAULT && policy.laxByDefault());
    if (restricted && context == SiteContext.CROSS_SITE) {
      return Decision.refuse("SameSite cookie set from a cross-site request (step 18)");
    }
    if (sameSite == SameSite.NONE && !sc.secure() && policy.sameSiteNoneRequiresSecure()) {
      return Decision.refuse("SameSite=None without Secure (step 19)");
    }
    // Steps 20-21: prefixes, matched case-insensitively.
    if (policy.enforcePrefixes()) {
      String lower = sc.name().toLowerCase(Locale.ROOT);
      if (lower.startsWith("__secure-") && !(sc.secure() && secureOrigin)) {
        return Decision.refuse("__Secure- cookie without Secure from a secure origin (step 20)");
      }
      if (lower.startsWith("__host-")
          && !(sc.secure() && secureOrigin && hostOnly && sc.hasPathAttribute() && path.equals("/"))) {
        return Decision.refuse("__Host- cookie needs Secure, no Domain and Path=/ (step 21)");
      }
    }
    try {
      Cookie cookie =
          Cookie.builder(sc.name(), sc.value())
              .domain(domain)
              .hostOnly(hostOnly)
              .path(path)
              .expires(expires)
              .secure(sc.secure())
              .httpOnly(sc.httpOnly())
              .sameSite(sameSite)
              .partitioned(sc.partitioned())
              .creationTime(now)
              .build();
      return new Decision(cookie, secureOrigin, null);
    } catch (IllegalArgumentException e) {
      // Defensive: parsing and storage should agree (the fuzz test checks that this never happens).
      return Decision.refuse("not storable: " + e.getMessage());
    }
  }

  /**
   * Step 6: Max-Age wins over Expires; Max-Age of zero or less means "already expired"; both are
   * capped at {@link CookieLimits#maxAge()} from now (RFC 6265bis section 5.5). Null: session.
   */
  static Instant expiry(SetCookie sc, Instant now, CookieLimits limits) {
    Instant latest = now.plus(limits.maxAge());
    if (sc.maxAge().isPresent()) {
      long seconds = sc.maxAge().getAsLong();
      if (seconds <= 0) return Instant.MIN;
      return seconds >= limits.maxAge().getSeconds() ? latest : now.plusSeconds(seconds);
    }
    if (sc.expires().isPresent()) {
      return sc.expires().get().isAfter(latest) ? latest : sc.expires().get();
    }
    return null;
  }
}
