/**
 * The HTTP/1.1 codec (RFC 9112), sans-I/O: bytes in, events out, and events back into bytes. No
 * sockets, no threads, no clock. The client, the server, the tests and the fuzzers all drive this
 * one codec.
 *
 * <ul>
 *   <li>{@link dev.courier.http.wire.Http1Parser} turns bytes into {@link
 *       dev.courier.http.wire.HttpEvent}s: {@link dev.courier.http.wire.RequestHead} or {@link
 *       dev.courier.http.wire.ResponseHead}, {@link dev.courier.http.wire.BodyChunk}s, {@link
 *       dev.courier.http.wire.Trailers}, {@link dev.courier.http.wire.EndOfMessage}.
 *   <li>{@link dev.courier.http.wire.Http1Writer} turns heads and body bytes into bytes.
 *   <li>{@link dev.courier.http.wire.BodyFraming} decides how a body is delimited (RFC 9112,
 *       Section 6.3), for both, and for a server that writes responses without the writer ({@link
 *       dev.courier.http.wire.BodyFraming#responseKind}, allocation-free).
 *   <li>{@link dev.courier.http.wire.ChunkedEncoder} writes the chunked coding's syntax into a
 *       caller's array: the only chunk writer in Courier.
 *   <li>{@link dev.courier.http.wire.Limits} bounds everything the parser buffers; {@link
 *       dev.courier.http.wire.HttpCodecException} carries the status a server should answer.
 * </ul>
 *
 * <pre>{@code
 * Http1Parser parser = Http1Parser.forRequests(Limits.defaults());
 * parser.feed(bytes, 0, n);
 * for (HttpEvent e = parser.next(); !(e instanceof NeedMoreData); e = parser.next()) {
 *   ...
 * }
 * }</pre>
 *
 * <h2>Rules and their reasons</h2>
 *
 * <p>The parser is strict wherever leniency lets two parsers disagree on where a message ends
 * (request smuggling, response splitting). Each rule below is enforced with an {@link
 * dev.courier.http.wire.HttpCodecException} whose status is given in brackets.
 *
 * <ol>
 *   <li><b>Content-Length with Transfer-Encoding</b> in one message is refused [400]. RFC 9112,
 *       Section 6.3 rule 3 lets a server reject it, and Section 6.1 says such a message "ought to
 *       be handled as an error"; accepting it is the CL.TE / TE.CL smuggling shape.
 *   <li><b>Several Content-Length values that differ</b> (lines or list elements) are refused
 *       [400]; identical values are read as one (RFC 9110, Section 8.6; RFC 9112, Section 6.3 rule
 *       5). A value is {@code 1*DIGIT} in ASCII, with an overflow check; {@code +5}, {@code -1},
 *       {@code 0x5}, empty, are refused [400].
 *   <li><b>Transfer-Encoding must end with chunked</b>, chunked only once, each coding a token, no
 *       empty list elements [400] (RFC 9112, Section 6.3 rule 4 and Section 6.1); any other coding
 *       before chunked is not implemented [501] (RFC 9112, Section 6.1). In a response the same
 *       codings are refused, because the body would be handed on still encoded.
 *       Transfer-Encoding in an HTTP/1.0 message is refused [400] (RFC 9112, Section 6.1: faulty
 *       framing).
 *   <li><b>Chunk size</b> is {@code 1*HEXDIG}, at most 15 digits; prefixes, signs, spaces before
 *       it or a missing size are refused [400] (RFC 9112, Section 7.1). Chunk extensions must
 *       follow {@code *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] )} (Section
 *       7.1.1), are bounded, and ignored.
 *   <li><b>Bare CR</b> anywhere in a head or chunk line is refused [400] (RFC 9112, Section 2.2:
 *       MUST reject or replace with SP; we reject).
 *   <li><b>Bare LF</b>: in requests and in every chunk line a line must end with CRLF [400]. RFC
 *       9112, Section 2.2 lets a recipient accept LF alone; a server behind a proxy that does not
 *       would see other boundaries. The response parser (a client) accepts a bare LF ending a
 *       start line or field line, as browsers do. The CRLF after chunk data is always required
 *       (Section 7.1).
 *   <li><b>obs-fold</b> (a field line starting with SP or HTAB) in a request is refused [400]
 *       (RFC 9112, Section 5.2 allows rejecting); in a response it is replaced by SP, as Section
 *       5.2 requires of a user agent. Whitespace before the first field line is refused [400]
 *       (Section 2.2).
 *   <li><b>Whitespace between a field name and its colon</b> is refused [400] (RFC 9112, Section
 *       5.1: MUST reject). A field name is a token; an empty name or a line without a colon is
 *       refused [400] (RFC 9110, Section 5.1).
 *   <li><b>Control characters</b>: field values allow only HTAB, SP, VCHAR and obs-text; NUL, CR,
 *       LF, DEL and other controls are refused, never stripped [400] (RFC 9110, Section 5.5). The
 *       request-target allows only visible ASCII [400] (RFC 9112, Section 3.2; RFC 3986). The
 *       method is a token, the version exactly {@code HTTP/DIGIT.DIGIT}, separated by single SPs
 *       (RFC 9112, Sections 2.3 and 3).
 *   <li><b>Host</b>: an HTTP/1.1 request without Host, any request with more than one Host line,
 *       or a Host that is not {@code uri-host [ ":" port ]} with a non-empty host is refused [400]
 *       (RFC 9112, Section 3.2; RFC 9110, Sections 4.2.1 and 7.2).
 *   <li><b>Target form</b>: authority-form only and always with CONNECT, asterisk-form only with
 *       OPTIONS, otherwise origin-form or absolute-form {@code scheme://...} [400] (RFC 9112,
 *       Section 3.2).
 *   <li><b>Version</b>: HTTP/1.0 and HTTP/1.1; HTTP/1.2 to 1.9 are read as 1.1 (RFC 9110, Section
 *       2.5); another major version is not supported [505]; HTTP/0.9 (no version) is refused
 *       [400].
 *   <li><b>Limits</b> ({@link dev.courier.http.wire.Limits}): request line [414], header section
 *       size and field count [431], trailer section [431], chunk extension [400], body size [413],
 *       interim responses [400]. Checked before bytes are kept: no unbounded buffering.
 *   <li><b>Body framing</b> (RFC 9112, Section 6.3, decided in {@link
 *       dev.courier.http.wire.BodyFraming}): no body for responses to HEAD, 1xx, 204 and 304; a 2xx
 *       response to CONNECT, a 101 response and a CONNECT request end HTTP on the connection
 *       (tunnel); chunked; Content-Length; otherwise a request has no body and a response is read
 *       until the connection closes. A body cut short by the close is an error [400] (RFC 9112,
 *       Section 8).
 *   <li><b>Interim responses</b> (100 Continue, 103 Early Hints) are reported as heads and the
 *       parser goes on to the final response of the same request (RFC 9110, Section 15.2).
 *   <li><b>Persistence</b> (RFC 9112, Section 9.3): {@code Connection: close} ends the connection;
 *       HTTP/1.1 persists by default; HTTP/1.0 only with {@code Connection: keep-alive}; a
 *       close-delimited body or a tunnel never persists.
 *   <li><b>Expect</b>: {@link dev.courier.http.wire.RequestHead#expectsContinue()} tells the server
 *       to send 100 Continue before reading the body; it is ignored in HTTP/1.0 (RFC 9110, Section
 *       10.1.1).
 *   <li><b>Empty lines</b> before a start line are skipped, at most 16 (RFC 9112, Section 2.2).
 *   <li><b>Methods</b> are any token, case-sensitive (RFC 9110, Section 9.1): an unknown method
 *       is for the application to answer 501, not a syntax error.
 *   <li><b>Status codes</b> are three digits from 100 (RFC 9110, Section 15); a missing SP before
 *       an empty reason phrase is tolerated, as clients commonly do.
 *   <li><b>After {@code Connection: close}</b> (or another non-persistent message) the parser
 *       returns {@link dev.courier.http.wire.Closed} and reads nothing more (RFC 9112, Section
 *       9.6: no further requests are processed on that connection).
 *   <li><b>Trailers</b> are parsed with the field-line rules and limits, reported as {@link
 *       dev.courier.http.wire.Trailers}, and never merged into the head (RFC 9110, Section
 *       6.5.1); the writer refuses framing and routing fields in trailers.
 *   <li><b>Split invariance</b>: limits are checked before syntax on each line, so the events and
 *       the error are the same however the bytes are split.
 * </ol>
 *
 * <p>Where this differs from llhttp's strict mode (the Node.js parser) is listed with reasons in
 * the test resources, {@code conformance/llhttp-md/DEVIATIONS.md}.
 *
 * <p>Null policy: no parameter accepts {@code null} unless its Javadoc says so, and no method
 * returns {@code null}; absent values are {@link java.util.Optional} or empty collections.
 */
package dev.courier.http.wire;
