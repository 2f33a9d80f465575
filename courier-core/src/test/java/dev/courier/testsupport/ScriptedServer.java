package dev.courier.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw TCP server on 127.0.0.1 that plays a script per accepted connection, for exact control of
 * the bytes a client sees (faults, odd framing). Each connection runs on its own virtual thread.
 *
 * <pre>{@code
 * try (ScriptedServer server = ScriptedServer.start(peer -> {
 *   peer.readRequest();
 *   peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
 * })) {
 *   new HttpConnection("127.0.0.1", server.port()) ...
 * }
 * }</pre>
 */
public final class ScriptedServer implements AutoCloseable {
  /** What the server does with one connection. */
  @FunctionalInterface
  public interface Script {
    void run(Peer peer) throws Exception;
  }

  /** A request as the server read it. */
  public record Request(String head, byte[] body) {
    public String requestLine() {
      return head.substring(0, head.indexOf("\r\n"));
    }

    /** The first value of a header, or null. */
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).strip();
        }
      }
      return null;
    }

    public String bodyText() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  private final ServerSocket listener;
  private final Script script;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final List<Thread> scripts = new CopyOnWriteArrayList<>();

  private ScriptedServer(ServerSocket listener, Script script) {
    this.listener = listener;
    this.script = script;
    Thread.ofVirtual().name("scripted-accept").start(this::acceptLoop);
  }

  public static ScriptedServer start(Script script) throws IOException {
    return new ScriptedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
  }

  /** The same over TLS with this server context (TLS 1.2+, ALPN http/1.1). */
  public static ScriptedServer startTls(javax.net.ssl.SSLContext context, Script script)
      throws IOException {
    var listener = (javax.net.ssl.SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    listener.setSSLParameters(dev.courier.net.TlsContexts.serverParameters(context));
    return new ScriptedServer(listener, script);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        connections.incrementAndGet();
        Thread thread = Thread.ofVirtual().unstarted(() -> {
          try (socket) {
            socket.setSoTimeout(10_000);
            script.run(new Peer(socket));
          } catch (Throwable e) {
            // Throwable, not Exception: an AssertionError in a script must reach the test, not
            // end silently with its virtual thread.
            failures.add(e);
          }
        });
        scripts.add(thread); // before start, so that a client that got an answer finds it here
        thread.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Requests read by scripts so far, in order. */
  public List<Request> requests() {
    return requests;
  }

  /** Exceptions thrown by scripts (a client that hung up early is normal in fault tests). */
  public List<Throwable> failures() {
    return failures;
  }

  /**
   * Waits until the script of every connection accepted so far has ended, then fails if any of
   * them threw: the way a test checks assertions made inside a script.
   */
  public void assertScriptsPassed() throws InterruptedException {
    for (Thread thread : scripts) {
      if (!thread.join(Duration.ofSeconds(15))) {
        throw new AssertionError("a script is still running after 15 s");
      }
    }
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError("a script failed: " + failures.get(0), failures.get(0));
      failures.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
  }

  /**
   * Stops accepting. Fails when a script has already failed an assertion, so that no test can
   * pass over one; other script exceptions stay in {@link #failures()} for the test to judge.
   */
  @Override
  public void close() throws IOException {
    listener.close();
    for (Throwable failure : failures) {
      if (failure instanceof AssertionError error) {
        throw new AssertionError("a script failed: " + error.getMessage(), error);
      }
    }
  }

  /** One accepted connection. */
  public final class Peer {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Peer(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    public Socket socket() {
      return socket;
    }

    /** Reads a head up to the blank line; null when the client closed first. */
    public String readHead() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int state = 0;
      while (state < 4) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        head.write(b);
        state = (b == '\r' && (state == 0 || state == 2)) ? state + 1
            : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads a whole request (Content-Length or chunked body) and records it; null at EOF. */
    public Request readRequest() throws IOException {
      String head = readHead();
      if (head == null) {
        return null;
      }
      Request withoutBody = new Request(head, new byte[0]);
      byte[] body = new byte[0];
      String length = withoutBody.header("Content-Length");
      String coding = withoutBody.header("Transfer-Encoding");
      String expect = withoutBody.header("Expect");
      if (expect != null && expect.equalsIgnoreCase("100-continue")) {
        requests.add(withoutBody);
        return withoutBody; // the script decides what to answer first
      }
      if (coding != null && coding.toLowerCase(Locale.ROOT).contains("chunked")) {
        body = readChunked();
      } else if (length != null) {
        body = readBytes(Integer.parseInt(length));
      }
      Request request = new Request(head, body);
      requests.add(request);
      return request;
    }

    public byte[] readBytes(int n) throws IOException {
      byte[] bytes = in.readNBytes(n);
      if (bytes.length < n) {
        throw new IOException("client closed after " + bytes.length + " of " + n + " bytes");
      }
      return bytes;
    }

    private byte[] readChunked() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = readLine();
        int semicolon = sizeLine.indexOf(';');
        int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip(), 16);
        if (size == 0) {
          while (!readLine().isEmpty()) {
            // trailers
          }
          return body.toByteArray();
        }
        body.write(readBytes(size));
        readLine();
      }
    }

    private String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new IOException("EOF in chunked body");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the client closed (reads EOF within the socket timeout). */
    public boolean clientClosed() throws IOException {
      return in.read() < 0;
    }

    public void write(String latin1) throws IOException {
      write(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Closes with a TCP RST instead of a FIN. */
    public void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    public void close() throws IOException {
      socket.close();
    }

    /** Waits (a bounded time) without sending anything. */
    public void stall(long millis) throws InterruptedException {
      Thread.sleep(millis);
    }
  }
}
