package dev.courier.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal tunnelling proxy on 127.0.0.1 for tests: HTTP CONNECT (optionally demanding a
 * Proxy-Authorization value) or SOCKS5 (no auth or user/password). It records what it was asked.
 *
 * <pre>{@code
 * try (TinyProxy proxy = TinyProxy.connect(null)) {
 *   Route route = Route.https("localhost", port, tls).withProxy(Proxy.http("127.0.0.1", proxy.port()));
 * }
 * }</pre>
 */
public final class TinyProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final boolean socks;
  private final String requiredAuthorization;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private TinyProxy(boolean socks, String requiredAuthorization) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.socks = socks;
    this.requiredAuthorization = requiredAuthorization;
    Thread.ofVirtual().start(this::acceptLoop);
  }

  /** An HTTP CONNECT proxy; {@code requiredAuthorization} null accepts anyone. */
  public static TinyProxy connect(String requiredAuthorization) throws IOException {
    return new TinyProxy(false, requiredAuthorization);
  }

  /** A SOCKS5 proxy; {@code userColonPassword} null accepts without authentication. */
  public static TinyProxy socks5(String userColonPassword) throws IOException {
    return new TinyProxy(true, userColonPassword);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** CONNECT heads, or "SOCKS host:port [user]" lines. */
  public List<String> requests() {
    return requests;
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Thread.ofVirtual().start(() -> {
          try {
            client.setSoTimeout(10_000);
            if (socks) {
              serveSocks(client);
            } else {
              serveConnect(client);
            }
          } catch (IOException e) {
            closeQuietly(client);
          }
        });
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serveConnect(Socket client) throws IOException {
    InputStream in = client.getInputStream();
    OutputStream out = client.getOutputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        client.close();
        return;
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    requests.add(text);
    String[] requestLine = text.substring(0, text.indexOf("\r\n")).split(" ");
    if (!requestLine[0].equals("CONNECT")) {
      out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      client.close();
      return;
    }
    if (requiredAuthorization != null
        && !text.contains("\r\nProxy-Authorization: " + requiredAuthorization + "\r\n")) {
      out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"t\"\r\n"
          + "Content-Length: 6\r\n\r\ndenied").getBytes(StandardCharsets.ISO_8859_1));
      client.close();
      return;
    }
    String authority = requestLine[1];
    int colon = authority.lastIndexOf(':');
    String host = authority.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(authority.substring(colon + 1));
    Socket upstream = new Socket(host, port);
    out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    pipe(client, upstream);
  }

  private void serveSocks(Socket client) throws IOException {
    InputStream in = client.getInputStream();
    OutputStream out = client.getOutputStream();
    int version = in.read();
    int count = in.read();
    byte[] methods = in.readNBytes(count);
    boolean wantsAuth = requiredAuthorization != null;
    int chosen = -1;
    for (byte m : methods) {
      if ((wantsAuth && m == 2) || (!wantsAuth && m == 0)) {
        chosen = m;
      }
    }
    if (version != 5 || chosen < 0) {
      out.write(new byte[] {5, (byte) 0xff});
      client.close();
      return;
    }
    out.write(new byte[] {5, (byte) chosen});
    String user = "";
    if (chosen == 2) {
      in.read();
      user = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
      String password = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
      boolean ok = (user + ":" + password).equals(requiredAuthorization);
      out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
      if (!ok) {
        client.close();
        return;
      }
    }
    in.read(); // version
    in.read(); // CONNECT
    in.read(); // reserved
    int type = in.read();
    String host;
    if (type == 3) {
      host = new String(in.readNBytes(in.read()), StandardCharsets.US_ASCII);
    } else {
      host = InetAddress.getByAddress(in.readNBytes(type == 1 ? 4 : 16)).getHostAddress();
    }
    int port = (in.read() << 8) | in.read();
    requests.add("SOCKS " + host + ":" + port + (user.isEmpty() ? "" : " " + user));
    Socket upstream;
    try {
      upstream = new Socket(host, port);
    } catch (IOException e) {
      out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
      client.close();
      return;
    }
    out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
    out.flush();
    pipe(client, upstream);
  }

  private static void pipe(Socket a, Socket b) {
    Thread.ofVirtual().start(() -> copy(a, b));
    Thread.ofVirtual().start(() -> copy(b, a));
  }

  private static void copy(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException ignored) {
      // one side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // best effort
    }
  }
}
