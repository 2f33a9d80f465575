/**
 * Cookies (RFC 6265): {@code Set-Cookie} and {@code Cookie} parsing and rendering, the cookie jar, the public suffix list and cookie files.
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.cookies;
