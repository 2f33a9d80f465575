/**
 * The one exception tree of Courier, rooted at {@link dev.courier.error.CourierException}: thrown
 * alike by the low-level {@code HttpConnection}, the connection pool, the {@code Session} and the
 * codec. Every type is unchecked and means one thing a caller can act on.
 *
 * <pre>
 * CourierException                       anything that went wrong with an exchange
 * ├─ TimedOutException                   one type for "it took too long" (requests' Timeout)
 * │  ├─ ConnectTimeoutException          TCP connect, TLS handshake or proxy tunnel too slow
 * │  ├─ ReadTimeoutException             no byte from the server within the read timeout
 * │  ├─ PoolTimeoutException             no pooled connection became free in time
 * │  └─ DeadlineExceededException        the call's total deadline passed
 * ├─ ConnectionException                 the connection failed; the cause is kept
 * │  ├─ ConnectFailedException           refused, unreachable
 * │  ├─ NameResolutionException          the host name did not resolve
 * │  ├─ ConnectionResetException         reset or broken pipe mid-exchange
 * │  ├─ RemoteDisconnectedException      closed before a response (http.client's RemoteDisconnected)
 * │  ├─ ProxyException                   the proxy refused the tunnel (CONNECT status, SOCKS reply)
 * │  └─ TlsException                     with its {@link dev.courier.error.TlsException.Reason}
 * ├─ HttpProtocolException               the peer broke HTTP (http.client's HTTPException)
 * │  ├─ BadStatusLineException           not a status line (BadStatusLine)
 * │  ├─ IncompleteReadException          the body ended early (IncompleteRead)
 * │  ├─ LineTooLongException             a line or head past its limit (LineTooLong)
 * │  └─ ContentDecodingException         a corrupt gzip, deflate, br or zstd body
 * ├─ TooManyRedirectsException (dev.courier)
 * ├─ InvalidUrlException                 the URL cannot be used for a request
 * ├─ JsonDecodeException                 a body read as JSON is not JSON (offset, snippet)
 * └─ BodyTooLargeException               a body grew past a configured cap
 * </pre>
 *
 * <p>{@link dev.courier.error.CourierException#mayHaveReachedServer()} tells retry code whether
 * the server may have seen (and acted on) the request. Types elsewhere extend this tree:
 * {@code dev.courier.HttpStatusException} (it carries the {@code Response}), the codec's
 * {@code HttpCodecException}, the server's {@code HttpResponseException} and the cookies'
 * {@code CookieException} (and its {@code CookieFileException}).
 *
 * <p>This package imports nothing else of Courier's. Nothing here returns null.
 */
package dev.courier.error;
