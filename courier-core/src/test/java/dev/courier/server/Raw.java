package dev.courier.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw-socket client for tests: sends exact bytes, reads what comes back. */
public final class Raw implements AutoCloseable {
  final Socket socket;

  public Raw(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  private Raw(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(5000);
  }

  /** A client over TLS that trusts the test PKI and speaks HTTP/1.1 (ALPN http/1.1). */
  static Raw overTls(int port) throws IOException {
    return overTls(port, new String[] {"http/1.1"}, null);
  }

  /**
   * A client over TLS that trusts the test PKI, offering {@code alpn} (none when empty) and, when
   * {@code protocols} is not null, only those TLS versions.
   */
  static Raw overTls(int port, String[] alpn, String[] protocols) throws IOException {
    javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) dev.courier.testsupport.TestPki.get().clientContext()
        .getSocketFactory().createSocket("127.0.0.1", port);
    javax.net.ssl.SSLParameters parameters = ssl.getSSLParameters();
    if (alpn.length > 0) parameters.setApplicationProtocols(alpn);
    if (protocols != null) parameters.setProtocols(protocols);
    ssl.setSSLParameters(parameters);
    ssl.startHandshake();
    return new Raw(ssl);
  }

  public Raw send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * Sends {@code line} {@code times} times, {@code pauseMillis} apart (the client's pace, not a
   * wait for the server), and stops early without a word once the server has cut the connection.
   */
  Raw sendSlowly(String line, int times, long pauseMillis) throws InterruptedException {
    for (int i = 0; i < times; i++) {
      Thread.sleep(pauseMillis);
      try {
        send(line);
      } catch (IOException e) {
        break;
      }
    }
    return this;
  }

  /** Everything until the server closes (or 5 s pass: then the text read so far plus a marker). */
  String readAll() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
    } catch (SocketTimeoutException e) {
      return out.toString(StandardCharsets.ISO_8859_1) + "<<TIMEOUT: NOT CLOSED>>";
    } catch (IOException e) {
      // reset after close: what arrived is what counts
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** One response: head and the body its Content-Length or chunked framing says. */
  public String readResponse() throws IOException {
    return readResponse(false);
  }

  /** The head only (for HEAD, whose Content-Length announces a body that is not sent). */
  String readHeadOnly() throws IOException {
    return readResponse(true);
  }

  private String readResponse(boolean headOnly) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("closed after: " + head);
      head.append((char) b);
    }
    String h = head.toString();
    String lower = h.toLowerCase(java.util.Locale.ROOT);
    int status = Integer.parseInt(h.substring(9, 12));
    if (status == 100) return h + readResponse(headOnly);
    if (headOnly) return h;
    StringBuilder body = new StringBuilder();
    int cl = lower.indexOf("\r\ncontent-length: ");
    if (cl >= 0) {
      int end = lower.indexOf("\r\n", cl + 2);
      int len = Integer.parseInt(h.substring(cl + 18, end).trim());
      for (int i = 0; i < len; i++) body.append((char) in.read());
    } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
      while (true) {
        StringBuilder line = new StringBuilder();
        while (!line.toString().endsWith("\r\n")) line.append((char) in.read());
        int size = Integer.parseInt(line.toString().trim(), 16);
        for (int i = 0; i < size; i++) body.append((char) in.read());
        in.read();
        in.read();
        if (size == 0) break;
      }
    }
    return h + body;
  }

  /** True when the server has closed its side (reads EOF within the timeout). */
  boolean isClosedByServer() throws IOException {
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
