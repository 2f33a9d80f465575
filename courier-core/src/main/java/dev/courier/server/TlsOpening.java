package dev.courier.server;

import dev.courier.net.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * How a connection of a TLS server starts, on its own virtual thread: which TLS takes it, and the
 * handshake. With read loops, the ClientHello is read first ({@link ClientHelloAlpn}): a client that
 * offers ALPN h2 (or a hello that cannot be read, the safe default) gets the JDK's TLS socket, over
 * which HTTP/2 runs on this thread; any other gets an {@link SSLEngine} ({@link TlsChannel}) and
 * then waits for its HTTP/1.1 requests on a loop. Either TLS reads the hello's bytes first. Without
 * loops (the blocking path) every connection gets the TLS socket. The caller bounds all of it with
 * the first head's deadline.
 */
final class TlsOpening {
  /** The ClientHello's first buffer; {@link ClientHelloAlpn#MAX_BYTES} is the most it grows to. */
  private static final int FIRST_HELLO_BUFFER = 4096;

  private TlsOpening() {}

  /** The TLS that took a connection: exactly one of the two is set. */
  record Opened(SSLSocket socket, TlsChannel engine) {}

  /**
   * Shakes hands with the client of {@code channel} (blocking).
   *
   * @param engineForHttp1 whether an HTTP/1.1 client gets an engine (the server has read loops)
   */
  static Opened shakeHands(ServerTls serverTls, SocketChannel channel, InetSocketAddress remote, boolean http2,
      boolean engineForHttp1) throws IOException {
    SSLContext context = serverTls.context();
    SSLSocket ssl;
    if (engineForHttp1) {
      byte[] hello = http2 ? readClientHello(channel) : new byte[0];
      if (!http2 || ClientHelloAlpn.of(hello, hello.length) == ClientHelloAlpn.Verdict.NO_H2) {
        SSLEngine engine = context.createSSLEngine(remote.getHostString(), remote.getPort());
        engine.setUseClientMode(false);
        // ALPN http/1.1 only: a client that offers no h2 ends with the same choice as with h2 listed.
        engine.setSSLParameters(serverTls.parameters(false));
        TlsChannel tls = new TlsChannel(channel, engine);
        tls.handshake(hello);
        return new Opened(null, tls);
      }
      ssl = TlsContexts.socketOver(context, channel.socket(), hello);
    } else {
      ssl = TlsContexts.socketOver(context, channel.socket(), remote.getHostString(), remote.getPort());
      ssl.setUseClientMode(false);
    }
    ssl.setSSLParameters(serverTls.parameters(http2));
    ssl.startHandshake();
    return new Opened(ssl, null);
  }

  /**
   * The client's first bytes, read until {@link ClientHelloAlpn} can tell whether they offer h2,
   * or until the most it reads; the bytes go to the TLS that takes the connection.
   */
  private static byte[] readClientHello(SocketChannel channel) throws IOException {
    // Most hellos fit in the first buffer (one with a post-quantum key share is about 1.9 KB); a
    // larger one grows it to the most that is read. Each connection allocates it.
    ByteBuffer view = ByteBuffer.allocate(FIRST_HELLO_BUFFER);
    while (true) {
      if (!view.hasRemaining()) {
        if (view.capacity() == ClientHelloAlpn.MAX_BYTES) break;
        view = ByteBuffer.allocate(ClientHelloAlpn.MAX_BYTES).put(view.flip());
      }
      if (channel.read(view) < 0) break;
      if (ClientHelloAlpn.of(view.array(), view.position()) != ClientHelloAlpn.Verdict.INCOMPLETE) break;
    }
    return Arrays.copyOf(view.array(), view.position());
  }

}
