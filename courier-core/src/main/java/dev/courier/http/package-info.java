/**
 * The HTTP vocabulary shared by every layer: status codes, methods, header fields and their
 * character classes ({@link dev.courier.http.FieldSyntax}), URLs and their redaction, media types
 * (also by file name), HTTP dates ({@link dev.courier.http.HttpDate}) and form data
 * ({@link dev.courier.http.FormData}). Imports only {@code dev.courier.error} of Courier's.
 *
 * <h2>URL parsing rules ({@link dev.courier.http.Url#parse})</h2>
 *
 * <ul>
 *   <li>A scheme is required; {@code "example.com/x"} and {@code "localhost:8080"} are refused
 *       with a message suggesting {@code "http://example.com/x"}. Schemes are lower-cased. Other
 *       schemes than http and https parse too ({@code mailto:}, {@code file:}, {@code urn:}).
 *   <li>http, https, ws, wss and ftp need a non-empty host after "//". Default ports (80, 443,
 *       80, 443, 21) are filled in and dropped from the canonical form.
 *   <li>Hosts: lower-cased; internationalized names to their ASCII (xn--) form; IPv6 literals in
 *       brackets, checked and printed in RFC 5952 form ({@link dev.courier.http.Url#host()} gives them without the
 *       brackets); numeric hosts in every IPv4 form {@code inet_aton} accepts ({@code 127.1},
 *       {@code 0x7f.0.0.1}) canonicalized to dotted decimal; spaces, controls and delimiters
 *       refused. See {@code HostParser} for the reasons.
 *   <li>The userinfo ends at the last "@", as in browsers, curl and Python:
 *       {@code http://a@b@evil.com/} goes to {@code evil.com}.
 *   <li>Leading or trailing whitespace, TAB/CR/LF anywhere and backslashes in http(s) URLs are
 *       refused rather than stripped or reinterpreted (browsers would read them differently).
 *   <li>Path, query and fragment are percent-encoded where RFC 3986 requires it (spaces, other
 *       controls, non-ASCII as UTF-8, "%" that starts no escape); existing {@code %XX} escapes
 *       are kept (hex upper-cased), so encoding is idempotent and never doubles. Reserved
 *       characters stay as given. "." and ".." segments are removed (RFC 3986, Section 6.2.2.3).
 *   <li>Neither the user name nor the password appears in {@code toString()} or in an exception
 *       message ({@link dev.courier.http.Url#redacted()}); use {@link dev.courier.http.Url#toUnredactedString()} when the full text is
 *       really needed.
 * </ul>
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.http;
