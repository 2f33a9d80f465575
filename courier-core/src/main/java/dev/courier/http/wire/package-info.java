/**
 * The HTTP/1.1 codec (RFC 9112), sans-I/O: bytes in, events out, and events back into bytes. No sockets, no threads, no clock.
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.http.wire;
