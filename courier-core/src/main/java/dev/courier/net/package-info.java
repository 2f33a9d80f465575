/**
 * Byte transports shared by client and server: TCP and Unix-domain streams, TLS and timeouts.
 * Knows nothing of HTTP.
 *
 * <ul>
 *   <li>{@link dev.courier.net.Transport} opens a {@link dev.courier.net.Connection} to an
 *       {@link dev.courier.net.Endpoint} (TCP host and port, or a Unix socket file) with
 *       {@link dev.courier.net.ConnectOptions} (connect and read timeouts, source address);
 *   <li>{@link dev.courier.net.TlsSettings}: client TLS (trust store or PEM CA bundle, client
 *       certificate, TLS 1.2+, SNI, hostname verification, ALPN), and an explicit, logged,
 *       per-settings trust-all switch;
 *   <li>{@link dev.courier.net.Pem}, {@link dev.courier.net.TlsIdentity},
 *       {@link dev.courier.net.TlsContexts}: certificates and keys from PEM (PKCS#8, PKCS#1, SEC1,
 *       encrypted PKCS#8) or PKCS#12, and server contexts for {@code courier serve --tls-cert}.
 * </ul>
 *
 * <pre>{@code
 * SSLContext server = TlsContexts.server(Path.of("cert.pem"), Path.of("key.pem"));
 * }</pre>
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.net;
