package dev.courier.server;

import dev.courier.http.wire.Limits;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * Every setting of one {@link HttpServer}, fixed when it starts: what {@link HttpServer.Builder}
 * collected, checked there, read by the server and each of its connections. The defaults and
 * their reasons are in the table of {@link HttpServer}.
 *
 * @param bindAddress the local address to listen on
 * @param port the port to listen on, 0 for a free one
 * @param backlog the listen backlog
 * @param handler what answers every request
 * @param limits the codec's limits, body size included
 * @param headTimeoutMillis total time to receive one request head
 * @param idleTimeoutMillis how long an idle keep-alive connection stays open
 * @param bodyTimeoutMillis longest pause while reading a request body
 * @param bodyDeadlineMillis total time to read one request body, from its first read
 * @param minBodyRate the slowest average a request body may arrive at, bytes per second, once
 *     the first {@code bodyTimeoutMillis} are over; 0 for none
 * @param drainTimeoutMillis total time to read away a body the handler left unread
 * @param writeTimeoutMillis longest a single write may block
 * @param minWriteRate the slowest average the client may take a response at, bytes per second,
 *     over each {@code writeRateWindowMillis} of blocked writing; 0 for none
 * @param writeRateWindowMillis the blocked-writing time over which {@code minWriteRate} is measured
 * @param maxConnections the most connections open at once
 * @param maxConnectionsPerAddress the most connections open at once from one client address
 * @param maxDrain how much unread request body is read away to keep a connection
 * @param serverHeader the {@code Server} field value, empty for none
 * @param accessLog where each exchange is logged
 * @param sslContext the TLS context, or null for plain HTTP
 * @param clock the wall clock of {@code Date} fields and access-log times
 * @param executor what runs each connection, or null for a virtual thread each
 * @param daemon whether the accepting thread is a daemon
 * @param protocol the version of every response: HTTP/1.1, or HTTP/1.0 (then each connection closes after one)
 * @param trustedProxies the reverse proxies whose forwarding fields are believed
 * @param http2 whether HTTP/2 is spoken: ALPN {@code h2} on TLS, prior knowledge on plaintext
 * @param h2Limits the limits of each HTTP/2 connection
 * @param h2WindowBudget the receive-window credit this server's HTTP/2 connections share
 *     ({@link dev.courier.http.h2.H2Limits#windowBudget}), made once per server
 */
record ServerConfig(
    InetAddress bindAddress,
    int port,
    int backlog,
    Handler handler,
    Limits limits,
    long headTimeoutMillis,
    long idleTimeoutMillis,
    long bodyTimeoutMillis,
    long bodyDeadlineMillis,
    long minBodyRate,
    long drainTimeoutMillis,
    long writeTimeoutMillis,
    long minWriteRate,
    long writeRateWindowMillis,
    int maxConnections,
    int maxConnectionsPerAddress,
    long maxDrain,
    String serverHeader,
    AccessLog accessLog,
    SSLContext sslContext,
    InstantSource clock,
    Executor executor,
    boolean daemon,
    dev.courier.http.wire.HttpVersion protocol,
    TrustedProxies trustedProxies,
    boolean http2,
    dev.courier.http.h2.H2Limits h2Limits,
    dev.courier.http.h2.WindowBudget h2WindowBudget) {

  ServerConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(handler, "handler is required");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(serverHeader, "serverHeader");
    Objects.requireNonNull(accessLog, "accessLog");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    Objects.requireNonNull(h2Limits, "h2Limits");
    Objects.requireNonNull(h2WindowBudget, "h2WindowBudget");
  }

  /** {@code https} with a TLS context, else {@code http}. */
  String scheme() {
    return sslContext == null ? "http" : "https";
  }
}
