/**
 * HTTP/2 (RFC 9113) and HPACK (RFC 7541), sans-I/O: bytes in, frames and header lists out, and
 * back. No sockets, no threads, no clock; the connection that drives these classes over a
 * transport lives above this package.
 *
 * <ul>
 *   <li>{@link dev.courier.http.h2.FrameReader} reads {@link dev.courier.http.h2.Frame}s from
 *       bytes fed in pieces of any size, checking the frame rules of RFC 9113 §4 and §6; {@link
 *       dev.courier.http.h2.FrameWriter} writes them, splitting field blocks into CONTINUATIONs.
 *   <li>{@link dev.courier.http.h2.Settings} is an immutable set of SETTINGS values in their
 *       ranges (§6.5.2); {@link dev.courier.http.h2.ErrorCode}, {@link
 *       dev.courier.http.h2.FrameType} and {@link dev.courier.http.h2.Flags} are the registries.
 *   <li>{@link dev.courier.http.h2.H2Exception} is every error: a connection error (GOAWAY) or a
 *       stream error (RST_STREAM), with its {@link dev.courier.http.h2.ErrorCode}.
 *   <li>What the client and server connections share, kept here once and guarded by their locks:
 *       {@link dev.courier.http.h2.FieldBlock} (HEADERS and CONTINUATION joined, §4.3), {@link
 *       dev.courier.http.h2.ConnectionFlow} (the connection's windows both ways and the peer's
 *       SETTINGS, §6.9), {@link dev.courier.http.h2.FieldValidator} (malformed messages, §8.1.1),
 *       {@link dev.courier.http.h2.FloodCounter} (cheap-frame floods, §10.5).
 * </ul>
 *
 * <h2>Rules and their errors</h2>
 *
 * <table>
 *   <caption>What the frame reader rejects</caption>
 *   <tr><th>Rule</th><th>RFC 9113</th><th>Error</th></tr>
 *   <tr><td>client preface is not {@code PRI * HTTP/2.0...}; first frame not SETTINGS</td><td>§3.4</td><td>connection PROTOCOL_ERROR</td></tr>
 *   <tr><td>payload above our SETTINGS_MAX_FRAME_SIZE</td><td>§4.2</td><td>connection FRAME_SIZE_ERROR</td></tr>
 *   <tr><td>DATA, HEADERS, PRIORITY, RST_STREAM, PUSH_PROMISE, CONTINUATION on stream 0</td><td>§6</td><td>connection PROTOCOL_ERROR</td></tr>
 *   <tr><td>SETTINGS, PING, GOAWAY on a stream</td><td>§6.5, §6.7, §6.8</td><td>connection PROTOCOL_ERROR</td></tr>
 *   <tr><td>padding as long as the payload or longer</td><td>§6.1, §6.2, §6.6</td><td>connection PROTOCOL_ERROR</td></tr>
 *   <tr><td>PRIORITY not 5 octets</td><td>§6.3</td><td>stream FRAME_SIZE_ERROR</td></tr>
 *   <tr><td>PRIORITY depending on its own stream</td><td>§5.3.1</td><td>stream PROTOCOL_ERROR</td></tr>
 *   <tr><td>RST_STREAM or WINDOW_UPDATE not 4 octets; PING not 8; GOAWAY under 8</td><td>§6.4, §6.9, §6.7, §6.8</td><td>connection FRAME_SIZE_ERROR</td></tr>
 *   <tr><td>SETTINGS not a multiple of 6; SETTINGS ACK with a payload</td><td>§6.5</td><td>connection FRAME_SIZE_ERROR</td></tr>
 *   <tr><td>ENABLE_PUSH not 0/1; MAX_FRAME_SIZE outside 2^14..2^24-1</td><td>§6.5.2</td><td>connection PROTOCOL_ERROR</td></tr>
 *   <tr><td>INITIAL_WINDOW_SIZE above 2^31-1</td><td>§6.5.2</td><td>connection FLOW_CONTROL_ERROR</td></tr>
 *   <tr><td>WINDOW_UPDATE increment 0</td><td>§6.9</td><td>stream PROTOCOL_ERROR; connection on stream 0</td></tr>
 *   <tr><td>field block interrupted by another frame or stream; CONTINUATION out of place</td><td>§6.2, §6.10</td><td>connection PROTOCOL_ERROR</td></tr>
 *   <tr><td>field block frames past the reader's bound (CONTINUATION flood)</td><td>§10.5</td><td>connection ENHANCE_YOUR_CALM</td></tr>
 * </table>
 *
 * <p>Unknown frame types and unknown settings are ignored (§4.1, §5.5, §6.5.2); undefined flags
 * and the reserved bit are ignored. Nothing here returns null.
 */
package dev.courier.http.h2;
