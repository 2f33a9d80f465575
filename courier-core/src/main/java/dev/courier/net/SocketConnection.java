package dev.courier.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/** A connection over a {@link Socket}, plain or {@link SSLSocket}. */
final class SocketConnection implements Connection {
  private final Endpoint endpoint;
  private final Socket socket;
  private final InputStream input;
  private final OutputStream output;
  private Duration readTimeout;

  SocketConnection(Endpoint endpoint, Socket socket, Duration readTimeout) throws IOException {
    this.endpoint = endpoint;
    this.socket = socket;
    this.input = socket.getInputStream();
    this.output = socket.getOutputStream();
    this.readTimeout = readTimeout;
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public void readTimeout(Duration timeout) throws IOException {
    if (!timeout.equals(readTimeout)) {
      socket.setSoTimeout(ConnectOptions.millis(timeout));
      readTimeout = timeout;
    }
  }

  @Override
  public Optional<SSLSession> tlsSession() {
    return socket instanceof SSLSocket ssl ? Optional.of(ssl.getSession()) : Optional.empty();
  }

  @Override
  public Optional<String> applicationProtocol() {
    if (socket instanceof SSLSocket ssl) {
      String protocol = ssl.getApplicationProtocol();
      return protocol == null || protocol.isEmpty() ? Optional.empty() : Optional.of(protocol);
    }
    return Optional.empty();
  }

  @Override
  public boolean isOpen() {
    return !socket.isClosed() && socket.isConnected();
  }

  @Override
  public void shutdownOutput() throws IOException {
    if (socket instanceof SSLSocket) {
      // SSLSocket cannot half-close without closing the session; the caller must close instead.
      throw new UnsupportedOperationException("half-close is not supported over TLS");
    }
    socket.shutdownOutput();
  }

  @Override
  public Optional<Socket> socket() {
    return Optional.of(socket);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  @Override
  public String toString() {
    return (socket instanceof SSLSocket ? "tls " : "tcp ") + endpoint;
  }
}
