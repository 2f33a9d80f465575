/**
 * Helpers that several packages of the library share but that are not vocabulary a user wants:
 * the one Jackson mapper, the Digest (RFC 7616) computation, the Range header's byte ranges and
 * HTML escaping (the server's and its httpbin's). Not exported by {@code module-info};
 * nothing here is API, and names may change in any release.
 *
 * <p>Imports only {@code dev.courier.error} and {@code dev.courier.http} of Courier's own
 * packages, so every layer above {@code http} may use it.
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}.
 */
package dev.courier.internal;
