package dev.courier.bench;

import dev.courier.client.ClientRequest;
import dev.courier.client.ClientResponse;
import dev.courier.client.ConnectionPool;
import dev.courier.client.HttpConnection;
import dev.courier.client.HttpResponse;
import dev.courier.client.RequestContent;
import dev.courier.client.RoundTripper;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The layers beneath {@code Session}, each as a {@link LoadClient}, to tell where a request's
 * CPU and heap go: {@code courier-rt} is {@link RoundTripper} with its pool, {@code courier-conn}
 * one {@link HttpConnection} per caller (kept in a queue), {@code socket} a socket from {@code
 * SocketChannel.open().socket()} per caller (as Courier opens them) writing a fixed request and
 * reading the answer by its Content-Length: what the JDK alone costs.
 *
 * <pre>
 * courier-bench/run-client-bench.sh --modes virtual --clients courier,courier-rt,courier-conn,socket
 * </pre>
 */
final class CourierLayers {
  private CourierLayers() {}

  static LoadClient create(String name, String url) throws IOException {
    Url parsed = Url.parse(url);
    return switch (name) {
      case "courier-rt" -> roundTripper(parsed);
      case "courier-conn" -> {
        Queue<HttpConnection> idle = new ConcurrentLinkedQueue<>();
        yield pooled(idle, () -> new HttpConnection(parsed.host(), parsed.port()), c -> {
          c.request("GET", parsed.target());
          HttpResponse r = c.getResponse();
          return r.read();
        }, HttpConnection::close);
      }
      case "socket" -> {
        byte[] request = ("GET " + parsed.target() + " HTTP/1.1\r\nHost: " + parsed.authority() + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        Queue<RawSocket> idle = new ConcurrentLinkedQueue<>();
        yield pooled(idle, () -> RawSocket.open(parsed.host(), parsed.port()), s -> s.exchange(request),
            RawSocket::close);
      }
      default -> throw new IllegalArgumentException("unknown layer " + name);
    };
  }

  private static LoadClient roundTripper(Url url) {
    RoundTripper rt = RoundTripper.builder().pool(ConnectionPool.builder().maxConnectionsPerRoute(64).build()).build();
    ClientRequest request = ClientRequest.of("GET", url, Headers.of("Host", url.authority()), RequestContent.none());
    return new LoadClient() {
      @Override public byte[] get() throws IOException {
        try (ClientResponse response = rt.roundTrip(request)) {
          return response.body().readAllBytes();
        }
      }

      @Override public void close() {
        rt.close();
      }
    };
  }

  interface Use<T> {
    byte[] apply(T t) throws IOException;
  }

  interface Close<T> {
    void close(T t) throws IOException;
  }

  private static <T> LoadClient pooled(Queue<T> idle, Supplier<T> open, Use<T> use, Close<T> close) {
    return new LoadClient() {
      @Override public byte[] get() throws IOException {
        T t = idle.poll();
        if (t == null) t = open.get();
        byte[] body = use.apply(t);
        idle.add(t);
        return body;
      }

      @Override public void close() throws IOException {
        for (T t; (t = idle.poll()) != null; ) close.close(t);
      }
    };
  }

  /** A keep-alive socket that sends one fixed GET and reads the head and a Content-Length body. */
  static final class RawSocket {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];

    private RawSocket(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    static RawSocket open(String host, int port) {
      try {
        Socket s = SocketChannel.open().socket();
        s.connect(new InetSocketAddress(host, port));
        s.setTcpNoDelay(true);
        return new RawSocket(s);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    byte[] exchange(byte[] request) throws IOException {
      out.write(request);
      int have = 0;
      int headEnd = -1;
      long total = -1;
      while (total < 0 || have < total) {
        int n = in.read(buffer, have, buffer.length - have);
        if (n < 0) throw new IOException("closed");
        have += n;
        if (headEnd < 0) {
          headEnd = indexOfBlankLine(have);
          if (headEnd >= 0) total = headEnd + contentLength(headEnd);
        }
      }
      return java.util.Arrays.copyOfRange(buffer, headEnd, (int) total);
    }

    private int indexOfBlankLine(int have) {
      for (int i = 3; i < have; i++) {
        if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') return i + 1;
      }
      return -1;
    }

    private long contentLength(int headEnd) {
      byte[] name = "\ncontent-length:".getBytes(StandardCharsets.US_ASCII);
      outer:
      for (int i = 0; i + name.length < headEnd; i++) {
        for (int j = 0; j < name.length; j++) {
          if (Character.toLowerCase(buffer[i + j]) != name[j]) continue outer;
        }
        long v = 0;
        for (int k = i + name.length; buffer[k] != '\r'; k++) {
          if (buffer[k] >= '0' && buffer[k] <= '9') v = v * 10 + (buffer[k] - '0');
        }
        return v;
      }
      throw new IllegalStateException("no Content-Length");
    }

    void close() throws IOException {
      socket.close();
    }
  }
}
