/**
 * The HTTP vocabulary shared by every layer: status codes, methods, header fields, URLs and media types. Imports nothing else of Courier's.
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.http;
