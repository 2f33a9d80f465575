/**
 * Byte transports shared by client and server: TCP and Unix-domain streams, TLS and timeouts. Knows nothing of HTTP.
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.net;
