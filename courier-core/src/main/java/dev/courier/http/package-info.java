/**
 * The HTTP vocabulary shared by every layer: status codes, methods, header fields and their
 * character classes ({@link dev.courier.http.FieldSyntax}), URLs and their redaction, media types
 * (also by file name), HTTP dates ({@link dev.courier.http.HttpDate}) and form data
 * ({@link dev.courier.http.FormData}). Imports only {@code dev.courier.error} of Courier's.
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.http;
