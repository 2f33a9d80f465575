package dev.courier.testing;

import dev.courier.http.Headers;
import dev.courier.http.wire.BodyChunk;
import dev.courier.http.wire.Closed;
import dev.courier.http.wire.EndOfMessage;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.Http1Writer;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.NeedMoreData;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;
import dev.courier.http.wire.Trailers;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One accepted connection of a {@link MockServer}: reads requests with the codec's parser, records
 * them, and has a {@link ResponsePlayer} answer each, until a response or the client ends the
 * connection. The loop is the thin driver of the codec: socket bytes in, events out.
 */
final class MockConnection {
  private final MockServer server;
  private final Socket socket;
  private final int index;
  private final int bodyLimit;
  private final Http1Parser parser = Http1Parser.forRequests();
  private final Http1Writer writer = Http1Writer.forResponses();
  private final byte[] buffer = new byte[16 * 1024];
  private InputStream in;
  private OutputStream out;

  MockConnection(MockServer server, Socket socket, int index, int bodyLimit) {
    this.server = server;
    this.socket = socket;
    this.index = index;
    this.bodyLimit = bodyLimit;
  }

  void run() {
    try {
      socket.setTcpNoDelay(true);
      Optional<RecordedRequest.TlsDetails> tls = handshake();
      in = socket.getInputStream();
      out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
      for (int onConnection = 0; !server.isClosed(); onConnection++) {
        if (server.takeCloseAtStart().isPresent()) {
          return;
        }
        RequestHead head = readHead();
        if (head == null) {
          return;
        }
        Instant arrived = Instant.now();
        boolean ignoreBody = server.nextIgnoresBody();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long[] size = {0};
        Headers trailers = ignoreBody ? Headers.empty() : readBody(head, body, size);
        RecordedRequest request = new RecordedRequest(head.method(), head.target(), head.version(),
            head.headers(), body.toByteArray(), size[0], trailers, server.nextSequenceNumber(),
            index, onConnection, tls, arrived);
        server.record(request);
        MockResponse response = dispatch(request);
        if (response.fault() == Fault.STALL) {
          drainUntilClosed();
          return;
        }
        boolean keepAlive = !ignoreBody && parser.keepAlive() && !response.closesConnection();
        if (!new ResponsePlayer(writer, socket, out).play(response, head, keepAlive)
            || !writer.keepAlive()) {
          return;
        }
      }
    } catch (HttpCodecException e) {
      answerBadRequest(e);
    } catch (IOException e) {
      // the client went away, or the server closed: either ends this connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // a response the codec refuses to write (Content-Length on a 204...) is the test's mistake
      server.reportError("connection " + index + ": " + e);
    }
  }

  private Optional<RecordedRequest.TlsDetails> handshake() throws IOException {
    if (!(socket instanceof SSLSocket ssl)) {
      return Optional.empty();
    }
    ssl.startHandshake();
    SSLSession session = ssl.getSession();
    List<String> names = new ArrayList<>();
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          names.add(host.getAsciiName());
        }
      }
    }
    String alpn = ssl.getApplicationProtocol();
    return Optional.of(new RecordedRequest.TlsDetails(session.getProtocol(),
        session.getCipherSuite(), alpn == null ? "" : alpn, names));
  }

  /** The next request head, or null when the client closed between requests. */
  private RequestHead readHead() throws IOException {
    boolean ended = false;
    while (true) {
      HttpEvent event = parser.next(); // after the end of input: Closed, or throws for a cut head
      if (event instanceof RequestHead head) {
        return head;
      }
      if (event instanceof Closed || ended) {
        return null;
      }
      ended = !fill();
    }
  }

  /** Reads the body (keeping up to the cap, counting all of it) and returns its trailers. */
  private Headers readBody(RequestHead head, ByteArrayOutputStream kept, long[] size)
      throws IOException {
    if (head.expectsContinue()) {
      // RFC 9110, Section 10.1.1: the client waits for this before sending the body
      writer.writeHead(ResponseHead.of(100, "Continue", Headers.empty()), head, out);
      out.flush();
    }
    Headers trailers = Headers.empty();
    boolean ended = false;
    while (true) {
      HttpEvent event = parser.next();
      if (event instanceof BodyChunk chunk) {
        byte[] data = chunk.data();
        int keep = (int) Math.max(0, Math.min(data.length, (long) bodyLimit - kept.size()));
        kept.write(data, 0, keep);
        size[0] += data.length;
      } else if (event instanceof Trailers fields) {
        trailers = fields.headers();
      } else if (event instanceof EndOfMessage) {
        return trailers;
      } else if (event instanceof NeedMoreData && !ended) {
        ended = !fill();
      } else {
        throw new IOException("connection ended inside a request body");
      }
    }
  }

  /** Feeds the parser the next bytes; false (and end of input) when the client closed. */
  private boolean fill() throws IOException {
    int n = in.read(buffer);
    if (n < 0) {
      parser.endOfInput();
      return false;
    }
    parser.feed(buffer, 0, n);
    return true;
  }

  private MockResponse dispatch(RecordedRequest request) {
    try {
      return server.respond(request);
    } catch (Exception e) {
      // a broken dispatcher is the test's bug: close() reports it rather than only the client
      server.reportError("the dispatcher failed on " + request.requestLine() + ": " + e);
      return MockResponse.builder().status(500)
          .body("MockServer: the dispatcher failed: " + e + "\n").closeConnection().build();
    }
  }

  /** {@link Fault#STALL}: say nothing, read and drop until the client or the server closes. */
  private void drainUntilClosed() throws IOException {
    while (in.read(buffer) >= 0) {
      // discard
    }
  }

  private void answerBadRequest(HttpCodecException e) {
    try {
      String text = "MockServer: bad request: " + e.getMessage() + "\n";
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      out.write(("HTTP/1.1 " + e.status() + " Bad Request\r\nContent-Type: text/plain; charset=utf-8"
          + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    } catch (IOException | RuntimeException ignored) {
      // the client is gone already
    }
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
