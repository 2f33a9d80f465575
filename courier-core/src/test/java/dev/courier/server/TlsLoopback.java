package dev.courier.server;

import dev.courier.net.TlsContexts;
import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * A loopback TLS connection for tests of {@link TlsChannel}: the server's side is a channel with
 * an engine that has shaken hands (still blocking), the client's the JDK's TLS socket, which
 * trusts the test PKI and has a 10 s read timeout as a guard against a hang; {@link #raw} is the
 * TCP socket beneath it, for bytes that are not TLS.
 *
 * <pre>{@code
 * try (TlsLoopback loopback = TlsLoopback.open()) {
 *   loopback.client.getOutputStream().write(bytes);
 *   loopback.tls.read(buffer);
 * }
 * }</pre>
 */
final class TlsLoopback implements AutoCloseable {
  final ServerSocketChannel listener;
  final SocketChannel accepted;
  final TlsChannel tls;
  final SSLSocket client;
  final Socket raw;

  private TlsLoopback(ServerSocketChannel listener, SocketChannel accepted, TlsChannel tls, SSLSocket client, Socket raw) {
    this.listener = listener;
    this.accepted = accepted;
    this.tls = tls;
    this.client = client;
    this.raw = raw;
  }

  static TlsLoopback open() throws Exception {
    ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    TestPki pki = TestPki.get();
    SSLContext serverContext = TlsContexts.server(pki.serverCert(), pki.serverKey());
    int port = listener.socket().getLocalPort();
    Socket raw = new Socket("127.0.0.1", port);
    CompletableFuture<SSLSocket> connecting = CompletableFuture.supplyAsync(() -> {
      try {
        SSLSocket socket = (SSLSocket) pki.clientContext().getSocketFactory().createSocket(raw, "127.0.0.1", port, true);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    SocketChannel accepted = listener.accept();
    SSLEngine engine = serverContext.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setSSLParameters(TlsContexts.serverParameters(serverContext));
    TlsChannel tls = new TlsChannel(accepted, engine);
    tls.handshake();
    return new TlsLoopback(listener, accepted, tls, connecting.get(), raw);
  }

  @Override
  public void close() throws IOException {
    tls.close(); // first: the JDK's socket waits for the peer's close_notify when it closes
    client.close();
    listener.close();
  }
}
