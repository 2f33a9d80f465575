/**
 * Cookies (RFC 6265 as updated by RFC 6265bis): the {@code http.cookies} and {@code http.cookiejar}
 * of Courier.
 *
 * <ul>
 *   <li>{@link dev.courier.cookies.SetCookie}: parse a {@code Set-Cookie} value as user agents do
 *       (section 5.6), or build and render one for a server without any way to inject a header.
 *   <li>{@link dev.courier.cookies.CookieHeader}: parse and render a request {@code Cookie} header.
 *   <li>{@link dev.courier.cookies.CookieDate}: the section 5.1.1 date parser and IMF-fixdate.
 *   <li>{@link dev.courier.cookies.CookieJar}: the storage model (section 5.7) and retrieval
 *       (5.8.3), indexed by domain, thread-safe, bounded by {@link dev.courier.cookies.CookieLimits},
 *       tuned by {@link dev.courier.cookies.CookiePolicy} (including a Python-compatible preset).
 *   <li>{@link dev.courier.cookies.PublicSuffixList}: the bundled Public Suffix List against
 *       supercookies.
 *   <li>{@link dev.courier.cookies.CookieFiles}: curl/Netscape {@code cookies.txt}, LWP and JSON
 *       files, saved atomically.
 * </ul>
 *
 * <pre>{@code
 * CookieJar jar = CookieJar.create();
 * jar.setCookie("https://example.com/login", "sid=31d4; Path=/; Secure; HttpOnly");
 * String header = jar.cookieHeader("https://example.com/account");   // "sid=31d4"
 * CookieFiles.save(jar, Path.of("cookies.txt"), CookieFileFormat.NETSCAPE);
 * }</pre>
 *
 * <p>Time is passed in: every operation that judges expiry has an overload taking an {@link
 * java.time.Instant}; the others read the jar's {@link java.time.InstantSource}.
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.cookies;
