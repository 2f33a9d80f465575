package dev.courier.server;

import dev.courier.net.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * How a connection of a TLS server starts, on its own virtual thread: which TLS takes it, and the
 * handshake. With read loops every connection gets an {@link SSLEngine} ({@link TlsChannel}); ALPN
 * chooses between h2, which then runs on this thread over the channel kept blocking, and HTTP/1.1,
 * which waits for its requests on a loop. Without loops (the blocking path) every connection gets
 * the JDK's TLS socket. The caller bounds all of it with the first head's deadline.
 */
final class TlsOpening {
  private TlsOpening() {}

  /** The TLS that took a connection: exactly one of the two is set. */
  record Opened(SSLSocket socket, TlsChannel engine) {
    /** Whether ALPN chose h2 (RFC 9113 section 3.2). */
    boolean h2() {
      String protocol = socket != null ? socket.getApplicationProtocol() : engine.applicationProtocol();
      return "h2".equals(protocol);
    }
  }

  /**
   * Shakes hands with the client of {@code channel} (blocking).
   *
   * @param engine whether the connection gets an engine (the server has read loops)
   */
  static Opened shakeHands(ServerTls serverTls, SocketChannel channel, InetSocketAddress remote, boolean http2,
      boolean engine) throws IOException {
    SSLContext context = serverTls.context();
    if (engine) {
      SSLEngine sslEngine = context.createSSLEngine(remote.getHostString(), remote.getPort());
      sslEngine.setUseClientMode(false);
      sslEngine.setSSLParameters(serverTls.parameters(http2));
      TlsChannel tls = new TlsChannel(channel, sslEngine);
      tls.handshake();
      return new Opened(null, tls);
    }
    SSLSocket ssl = TlsContexts.serverSocketOver(context, channel.socket());
    ssl.setSSLParameters(serverTls.parameters(http2));
    ssl.startHandshake();
    return new Opened(ssl, null);
  }
}
