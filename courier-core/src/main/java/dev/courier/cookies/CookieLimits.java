package dev.courier.cookies;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a {@link CookieJar} enforces, each with the reason for its default.
 *
 * <table>
 *   <caption>Cookie jar limits</caption>
 *   <tr><th>Limit</th><th>Default</th><th>Why</th></tr>
 *   <tr><td>{@code maxCookiesPerDomain}</td><td>180</td><td>Chrome's per-registrable-domain cap
 *       (RFC 6265 section 6.1 asks for at least 50). Counted per registrable domain (eTLD+1), so a
 *       site cannot grow past it with many subdomains. The least recently used cookie goes first.</td></tr>
 *   <tr><td>{@code maxCookies}</td><td>3000</td><td>RFC 6265 section 6.1's minimum for the whole
 *       store, and Chrome's cap; least recently used goes first.</td></tr>
 *   <tr><td>{@code maxAge}</td><td>400 days</td><td>RFC 6265bis section 5.5: expiry dates further
 *       out are capped to this.</td></tr>
 *   <tr><td>{@code maxCookieHeaderOctets}</td><td>8190</td><td>curl's cap (after CVE-2022-32205):
 *       servers such as nginx and Apache refuse longer header lines, so a "cookie bomb" from a
 *       sister site would otherwise break every request. Cookies that do not fit are left out, in
 *       section 5.8.3 order.</td></tr>
 * </table>
 *
 * <p>A cookie's name and value together may not exceed {@value SetCookie#MAX_NAME_VALUE_OCTETS}
 * octets and an attribute value {@value SetCookie#MAX_ATTRIBUTE_VALUE_OCTETS} (RFC 6265bis section
 * 5.6); those are fixed by the RFC, not configurable.
 *
 * <pre>{@code
 * CookieJar jar = CookieJar.builder().limits(CookieLimits.defaults().withMaxCookies(10_000)).build();
 * }</pre>
 */
public record CookieLimits(
    int maxCookiesPerDomain, int maxCookies, Duration maxAge, int maxCookieHeaderOctets) {
  public static final int DEFAULT_MAX_COOKIES_PER_DOMAIN = 180;
  public static final int DEFAULT_MAX_COOKIES = 3000;
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(400);
  public static final int DEFAULT_MAX_COOKIE_HEADER_OCTETS = 8190;

  public CookieLimits {
    if (maxCookiesPerDomain < 1) throw new IllegalArgumentException("maxCookiesPerDomain < 1");
    if (maxCookies < 1) throw new IllegalArgumentException("maxCookies < 1");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) throw new IllegalArgumentException("maxAge <= 0");
    if (maxCookieHeaderOctets < 1) throw new IllegalArgumentException("maxCookieHeaderOctets < 1");
  }

  public static CookieLimits defaults() {
    return new CookieLimits(
        DEFAULT_MAX_COOKIES_PER_DOMAIN, DEFAULT_MAX_COOKIES, DEFAULT_MAX_AGE,
        DEFAULT_MAX_COOKIE_HEADER_OCTETS);
  }

  public CookieLimits withMaxCookiesPerDomain(int value) {
    return new CookieLimits(value, maxCookies, maxAge, maxCookieHeaderOctets);
  }

  public CookieLimits withMaxCookies(int value) {
    return new CookieLimits(maxCookiesPerDomain, value, maxAge, maxCookieHeaderOctets);
  }

  public CookieLimits withMaxAge(Duration value) {
    return new CookieLimits(maxCookiesPerDomain, maxCookies, value, maxCookieHeaderOctets);
  }

  public CookieLimits withMaxCookieHeaderOctets(int value) {
    return new CookieLimits(maxCookiesPerDomain, maxCookies, maxAge, value);
  }
}
