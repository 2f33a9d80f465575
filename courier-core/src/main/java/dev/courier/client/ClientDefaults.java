package dev.courier.client;

import dev.courier.net.ConnectOptions;
import java.time.Duration;

/**
 * The client's limits and defaults, in one table. {@link ConnectionPool}, {@link RoundTripper}
 * and the session's {@code Timeouts} take their defaults from here; each can be changed where it
 * is set (a pool builder, a session builder, a request's timeouts).
 *
 * <table>
 *   <caption>Client limits, defaults and reasons</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Why</th></tr>
 *   <tr><td>{@link #CONNECT_TIMEOUT}</td><td>10 s</td>
 *       <td>TCP connect, TLS handshake and proxy tunnel, each attempt. OkHttp's default; long
 *       enough for a slow handshake across continents, short enough that a black-holed address
 *       fails while a user still waits.</td></tr>
 *   <tr><td>{@link #READ_TIMEOUT}</td><td>30 s</td>
 *       <td>The longest silence between two reads. Never wait forever by default: requests has
 *       no default and calls hang for good (psf/requests#3070), while 5 s on every phase breaks
 *       slow but healthy servers (encode/httpx#1030). Set per exchange on the socket, so
 *       requests with other timeouts share pooled connections.</td></tr>
 *   <tr><td>total deadline</td><td>none</td>
 *       <td>A whole call across redirects and retries has no natural bound; a caller that has
 *       one sets it on the session's {@code Timeouts}.</td></tr>
 *   <tr><td>{@link #MAX_CONNECTIONS_PER_ROUTE}</td><td>10</td>
 *       <td>requests' {@code pool_maxsize}; enough parallelism for one host without hammering
 *       it.</td></tr>
 *   <tr><td>{@link #MAX_CONNECTIONS_TOTAL}</td><td>100</td>
 *       <td>httpx's {@code max_connections}.</td></tr>
 *   <tr><td>{@link #IDLE_TIMEOUT}</td><td>30 s</td>
 *       <td>Below the upper range of common server keep-alive timeouts (nginx 75 s) while not
 *       holding sockets for long; shorter server timeouts are caught by the stale check and,
 *       for idempotent requests, by sending the request once more on a new connection.</td></tr>
 *   <tr><td>{@link #MAX_LIFETIME}</td><td>10 min</td>
 *       <td>Connections eventually move to new DNS answers and rebalanced servers.</td></tr>
 *   <tr><td>{@link #ACQUIRE_TIMEOUT}</td><td>30 s</td>
 *       <td>How long to wait for a free pooled connection when every one allowed is in use (as
 *       long as a read may take: a connection held by a slow response frees up within it).</td></tr>
 *   <tr><td>{@link #STALE_CHECK_AFTER}</td><td>1 s</td>
 *       <td>A connection idle longer than this is probed (a 1 ms read) before reuse: servers
 *       close idle connections at any time, and a probe per request would cost a system call
 *       on every busy connection.</td></tr>
 *   <tr><td>{@link HttpConnection#CONTINUE_TIMEOUT}</td><td>1 s</td>
 *       <td>How long a request with {@code Expect: 100-continue} waits before sending its body
 *       anyway (curl waits 1 s; RFC 9110, Section 10.1.1 lets a client stop waiting).</td></tr>
 *   <tr><td>{@link #BODY_BLOCK_SIZE}</td><td>64 KiB</td>
 *       <td>How much of a streamed request body (a file, a stream) is read at a time: a file
 *       takes a read and a write per 64 KiB instead of per 8 KiB (the connection API's default,
 *       Python's {@code blocksize}); over TLS and HTTP/2 the bytes still leave in whole records
 *       and frames, whatever the block.</td></tr>
 *   <tr><td>drain on close</td><td>64 KiB or 1 s</td>
 *       <td>What closing an unread response may still read to keep its connection (urllib3
 *       and OkHttp drain similarly small amounts); beyond that the connection is closed.</td></tr>
 * </table>
 *
 * <p>A zero duration means "no limit" wherever a duration is set.
 *
 * <pre>{@code
 * ConnectionPool pool = ConnectionPool.builder()
 *     .maxConnectionsPerRoute(ClientDefaults.MAX_CONNECTIONS_PER_ROUTE * 2)
 *     .build();
 * }</pre>
 */
public final class ClientDefaults {
  /**
   * Connect timeout: 10 seconds. The value is {@link ConnectOptions#DEFAULT_CONNECT_TIMEOUT}
   * itself: the byte transport below needs it and cannot import this package.
   */
  public static final Duration CONNECT_TIMEOUT = ConnectOptions.DEFAULT_CONNECT_TIMEOUT;

  /** Read timeout: 30 seconds; {@link ConnectOptions#DEFAULT_READ_TIMEOUT} itself (see above). */
  public static final Duration READ_TIMEOUT = ConnectOptions.DEFAULT_READ_TIMEOUT;

  /** Pooled connections per route: 10. */
  public static final int MAX_CONNECTIONS_PER_ROUTE = 10;

  /** Pooled connections in total: 100. */
  public static final int MAX_CONNECTIONS_TOTAL = 100;

  /** How long a pooled connection may sit idle: 30 seconds. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** How long a pooled connection may live from its creation: 10 minutes. */
  public static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

  /** How long to wait for a free pooled connection: 30 seconds. */
  public static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

  /** Idle time after which a pooled connection is probed before reuse: 1 second. */
  public static final Duration STALE_CHECK_AFTER = Duration.ofSeconds(1);

  /** Bytes read at a time from a streamed request body: 64 KiB. */
  public static final int BODY_BLOCK_SIZE = 64 * 1024;

  private ClientDefaults() {}
}
