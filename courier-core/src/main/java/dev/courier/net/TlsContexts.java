package dev.courier.net;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Ready-made server {@link SSLContext}s from PEM or PKCS#12 (client contexts come from {@link
 * TlsSettings#sslContext()}).
 *
 * <pre>{@code
 * // courier serve --tls-cert cert.pem --tls-key key.pem
 * SSLContext context = TlsContexts.server(Path.of("cert.pem"), Path.of("key.pem"));
 * SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(8443);
 * listener.setSSLParameters(TlsContexts.serverParameters(context));
 * }</pre>
 */
public final class TlsContexts {
  private TlsContexts() {}

  /** A server context presenting the identity in a PEM chain file and a PEM key file. */
  public static SSLContext server(Path certificateChainPem, Path privateKeyPem) throws IOException {
    return server(TlsIdentity.fromPem(certificateChainPem, privateKeyPem));
  }

  /** A server context presenting this identity (from PEM, PKCS#12 or keys in hand). */
  public static SSLContext server(TlsIdentity identity) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(identity.keyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the TLS server context: " + e.getMessage(), e);
    }
  }

  /**
   * TLS over a socket already connected (accepted, or opened to a peer), which the TLS socket
   * closes when it is closed; set its mode and parameters, then shake hands. Beneath TLS the
   * socket's input reads ahead: the JDK's TLS socket reads each record in two reads of its
   * transport (the five-byte header, then the rest), and the second becomes a copy, so a request
   * or response in one record costs one {@code read} system call instead of two.
   *
   * <pre>{@code
   * SSLSocket tls = TlsContexts.socketOver(context, channel.socket(), host, port);
   * tls.setUseClientMode(false);
   * tls.setSSLParameters(TlsContexts.serverParameters(context));
   * tls.startHandshake();
   * }</pre>
   *
   * @param peerHost the peer's host name (a client's SNI and verified name), or its address
   */
  public static SSLSocket socketOver(SSLContext context, Socket connected, String peerHost, int peerPort)
      throws IOException {
    return (SSLSocket) context.getSocketFactory().createSocket(new ReadAheadSocket(connected), peerHost, peerPort, true);
  }

  /**
   * A server's TLS, in server mode, over a socket it accepted; its input reads ahead as in {@link
   * #socketOver(SSLContext, Socket, String, int)}, with the read-ahead buffer lent only while
   * reads are heavy (an idle connection keeps 512 bytes, not 4 KiB). Set its parameters, then
   * shake hands.
   *
   * <pre>{@code
   * SSLSocket tls = TlsContexts.serverSocketOver(context, channel.socket());
   * tls.setSSLParameters(TlsContexts.serverParameters(context));
   * tls.startHandshake();
   * }</pre>
   */
  public static SSLSocket serverSocketOver(SSLContext context, Socket accepted) throws IOException {
    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(ReadAheadSocket.lendingWhileLight(accepted),
        accepted.getInetAddress().getHostAddress(), accepted.getPort(), true);
    tls.setUseClientMode(false);
    return tls;
  }

  /**
   * Server parameters: TLS 1.3 and 1.2 only, the server's cipher order, ALPN {@code http/1.1}
   * (the server picks it when the client offers it).
   */
  public static SSLParameters serverParameters(SSLContext context) {
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(TlsSettings.DEFAULT_PROTOCOLS.toArray(new String[0]));
    parameters.setUseCipherSuitesOrder(true);
    parameters.setApplicationProtocols(
        TlsSettings.DEFAULT_APPLICATION_PROTOCOLS.toArray(new String[0]));
    return parameters;
  }
}
