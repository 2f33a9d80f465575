package dev.courier.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Keep-alive connections to one server, each opened with one {@code GET /plaintext} answered and
 * then left idle, as a browser or a pooling client leaves them: HTTP/1.1, or HTTP/2 ({@link
 * H2Conversation}: prior knowledge on plaintext, ALPN {@code h2} over TLS). They come from 127.0.0.2 onwards,
 * {@value #PER_ADDRESS} from each address, so that a server's limit of connections per client
 * address (Courier's is 256 by default) is not what is measured.
 */
final class HeldConnections implements AutoCloseable {
  static final int PER_ADDRESS = 200;
  private static final byte[] REQUEST = "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final List<Socket> sockets;
  /** Each socket's HTTP/2 conversation, at the same index; empty over HTTP/1.1. */
  private final List<H2Conversation> conversations;

  private HeldConnections(List<Socket> sockets, List<H2Conversation> conversations) {
    this.sockets = sockets;
    this.conversations = conversations;
  }

  /**
   * Opens {@code count} connections to 127.0.0.1:{@code port}, over TLS when {@code tls} is not
   * null, speaking HTTP/2 when {@code h2}, and has each answer one request.
   *
   * @throws IOException when a connection fails or its answer is not 200 with the 13-byte body;
   *     the connections opened so far are closed
   */
  static HeldConnections open(int port, int count, SSLContext tls, boolean h2) throws IOException {
    List<Socket> sockets = new ArrayList<>(count);
    HeldConnections held = new HeldConnections(sockets, new ArrayList<>(h2 ? count : 0));
    try {
      for (int i = 0; i < count; i++) {
        Socket plain = new Socket();
        sockets.add(plain);
        plain.bind(new InetSocketAddress("127.0.0." + (2 + i / PER_ADDRESS), 0));
        plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        plain.setSoTimeout(30_000);
        // Without it each TLS handshake waited out a delayed ACK (about 40 ms): opening 1,000 took
        // longer than Jetty's 30 s idle timeout, which closed the first before they were counted.
        plain.setTcpNoDelay(true);
        Socket socket = plain;
        if (tls != null) {
          SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
          if (h2) {
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            secure.setSSLParameters(parameters);
          }
          secure.startHandshake();
          sockets.set(i, secure);
          socket = secure;
          if (h2 && !"h2".equals(secure.getApplicationProtocol())) {
            throw new IOException("ALPN chose " + secure.getApplicationProtocol() + ", not h2");
          }
        }
        if (h2) held.conversations.add(new H2Conversation(socket, tls != null));
        held.ask(i);
      }
    } catch (IOException | RuntimeException e) {
      held.close();
      throw e;
    }
    return held;
  }

  /**
   * Sends one more request on every connection and returns how many were answered: those the
   * server still held open. Reading the answers back proves the idle connections were measured
   * open, not closed by an idle timeout meanwhile.
   */
  int stillOpen() {
    int open = 0;
    for (int i = 0; i < sockets.size(); i++) {
      try {
        ask(i);
        open++;
      } catch (IOException e) {
        // closed by the server
      }
    }
    return open;
  }

  int size() {
    return sockets.size();
  }

  private void ask(int index) throws IOException {
    if (conversations.isEmpty()) {
      exchange(sockets.get(index));
    } else {
      conversations.get(index).ask();
    }
  }

  /** Sends {@code GET /plaintext} and reads the keep-alive answer: 200, Content-Length 13, the body. */
  private static void exchange(Socket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(REQUEST);
    out.flush();
    // Buffered for this answer only: nothing follows it until the next request.
    InputStream in = new BufferedInputStream(socket.getInputStream(), 1024);
    String head = readHead(in);
    if (!head.startsWith("HTTP/1.1 200") || !head.toLowerCase(java.util.Locale.ROOT).contains("content-length: 13\r\n")) {
      throw new IOException("answered GET /plaintext with: " + head.replace("\r\n", " | "));
    }
    byte[] body = in.readNBytes(BenchServers.HELLO.length);
    if (!Arrays.equals(body, BenchServers.HELLO)) throw new IOException("answered with a body of " + body.length + " bytes");
  }

  /** The response head up to and including its blank line, at most 8 KiB. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0; // the last four bytes read, the newest lowest
    while (last4 != 0x0d0a0d0a) { // CR LF CR LF
      int b = in.read();
      if (b < 0) throw new IOException("closed after " + head.size() + " bytes of the answer");
      head.write(b);
      if (head.size() > 8192) throw new IOException("answer head over 8 KiB");
      last4 = last4 << 8 | b;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
