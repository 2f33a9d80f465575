package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testsupport.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/1.1 over TLS on the read loops: the handshake on the connection's thread, then its requests
 * read through an SSLEngine by the loop (TlsChannel), while a client that offers h2 gets HTTP/2 on
 * its own thread. What a client relies on: every byte arrives in order both ways, whatever the
 * records and segments look like, and TLS's own messages (KeyUpdate, renegotiation) are handled.
 */
@Timeout(60)
class TlsReadLoopTest {
  @TempDir Path dir;
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(1));
  }

  void start(Handler handler) throws IOException {
    start(HttpServer.builder().handler(handler));
  }

  void start(HttpServer.Builder builder) throws IOException {
    TestPki pki = TestPki.get();
    server = builder.tls(pki.serverCert(), pki.serverKey()).bind("127.0.0.1").port(0).readPath(path()).start();
  }

  /** The loop reads and parses heads; {@link TlsReadLoopDispatchTest} has the exchange's thread read them. */
  HttpServer.ReadPath path() {
    return HttpServer.ReadPath.SELECTOR;
  }

  /**
   * Answers with the name of the thread that ran it. Declared non-blocking: an ordinary handler
   * leaves the loop for a second when the watchdog catches a cold loop computing for 50 ms (once
   * seen on a loaded machine), and the thread would then say nothing about where the connection
   * waits.
   */
  static final Handler THREAD_NAME = Handler.nonBlocking(r -> ServerResponse.ok(Thread.currentThread().getName()));

  /**
   * Sends a request once the connection has parked on its loop, and returns the name of the
   * thread that answered it. Sent earlier, it may reach the thread that served the one before
   * while that thread is still on its way to park, and that thread then rightly serves it itself.
   */
  String threadServingAfterPark(Raw raw) throws Exception {
    for (int i = 0; i < 500 && server.connectionsParkedIdle() == 0; i++) Thread.sleep(10);
    return body(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse());
  }

  /** The loop that parses heads runs the handler itself; the one that only dispatches never does. */
  void assertServedWhereThePathSays(String threadName) {
    if (path() == HttpServer.ReadPath.SELECTOR) {
      assertThat(threadName).startsWith("courier-read-");
    } else {
      assertThat(threadName).doesNotStartWith("courier-read-");
    }
  }

  static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void anHttp11ClientWaitsOnTheReadLoop() throws Exception {
    start(THREAD_NAME);
    try (Raw raw = Raw.overTls(server.port())) {
      // The first request may come with the handshake's last bytes, and is then served by the
      // thread that shook hands; every one after it is read by the loop.
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      for (int i = 0; i < 3; i++) {
        assertServedWhereThePathSays(threadServingAfterPark(raw));
      }
    }
  }

  @Test
  void aClientThatOffersNoAlpnWaitsOnTheReadLoop() throws Exception {
    start(THREAD_NAME);
    try (Raw raw = Raw.overTls(server.port(), new String[0], null)) {
      assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200");
      assertServedWhereThePathSays(threadServingAfterPark(raw));
    }
  }

  @Test
  void aClientThatOffersH2GetsH2AndOneThatOffersBothFirstGetsItToo() throws Exception {
    // The hello read to choose the path is replayed to the JDK's TLS socket, which shakes hands.
    start(THREAD_NAME);
    for (String[] offered : new String[][] {{"h2"}, {"h2", "http/1.1"}, {"http/1.1", "h2"}}) {
      try (Raw raw = Raw.overTls(server.port(), offered, null)) {
        assertThat(((SSLSocket) raw.socket).getApplicationProtocol()).isEqualTo("h2");
      }
    }
  }

  @Test
  void theBlockingPathStillServesTls() throws Exception {
    TestPki pki = TestPki.get();
    server = HttpServer.builder().handler(THREAD_NAME).readPath(HttpServer.ReadPath.BLOCKING)
        .tls(pki.serverCert(), pki.serverKey()).bind("127.0.0.1").port(0).start();
    try (Raw raw = Raw.overTls(server.port())) {
      String response = raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
      assertThat(response).startsWith("HTTP/1.1 200");
      assertThat(body(response)).doesNotStartWith("courier-read-");
    }
  }

  @Test
  void pipelinedRequestsInSeveralRecordsOfOneWriteAreAllAnsweredInOrder() throws Exception {
    // Over 16 KiB in one write: TLS sends several records in one segment, so the loop finds whole
    // records waiting in the TLS channel after its read, which the socket will never announce.
    start(r -> ServerResponse.ok(r.path()));
    int count = 400;
    StringBuilder requests = new StringBuilder();
    for (int i = 0; i < count; i++) {
      requests.append("GET /request-").append(i).append(" HTTP/1.1\r\nHost: a\r\nX-Pad: ").append("p".repeat(40))
          .append("\r\n\r\n");
    }
    assertThat(requests.length()).isGreaterThan(2 * 16384);
    try (Raw raw = Raw.overTls(server.port())) {
      raw.send(requests.toString());
      for (int i = 0; i < count; i++) assertThat(body(raw.readResponse())).isEqualTo("/request-" + i);
    }
  }

  @Test
  void requestBodiesOfAMebibyteArriveWhole() throws Exception {
    start(r -> ServerResponse.ok(sha256(r.bodyBytes())));
    byte[] payload = new byte[1 << 20];
    new Random(7).nextBytes(payload);
    try (Raw raw = Raw.overTls(server.port())) {
      OutputStream out = raw.socket.getOutputStream();
      out.write(("POST /fixed HTTP/1.1\r\nHost: a\r\nContent-Length: " + payload.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(payload);
      out.flush();
      assertThat(body(raw.readResponse())).isEqualTo(sha256(payload));
      out.write("POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      for (int off = 0; off < payload.length; off += 100_000) {
        int n = Math.min(100_000, payload.length - off);
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(payload, off, n);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(body(raw.readResponse())).isEqualTo(sha256(payload));
    }
  }

  @Test
  void aLargeAnswerReachesASlowReaderWhole() throws Exception {
    // The socket stops taking records while the client dawdles: the rest of a record waits in
    // the TLS channel, and the connection's thread sends it when the socket is writable again.
    byte[] big = new byte[4 << 20];
    new Random(11).nextBytes(big);
    start(r -> ServerResponse.builder(200).body(ServerResponseBody.of(big)).build());
    try (Raw raw = Raw.overTls(server.port())) {
      for (int round = 0; round < 2; round++) {
        raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(sha256(readBodyOfLength(raw, big.length, round == 0))).isEqualTo(sha256(big));
      }
    }
  }

  @Test
  void aFileIsSentWholeOverTls() throws Exception {
    byte[] content = new byte[3 << 20];
    new Random(5).nextBytes(content);
    Files.write(dir.resolve("data.bin"), content);
    start(FileHandler.of(dir));
    try (Raw raw = Raw.overTls(server.port())) {
      raw.send("GET /data.bin HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(sha256(readBodyOfLength(raw, content.length, false))).isEqualTo(sha256(content));
      assertThat(raw.send("GET /data.bin HTTP/1.1\r\nHost: a\r\nRange: bytes=10-19\r\n\r\n").readResponse())
          .startsWith("HTTP/1.1 206");
    }
  }

  @Test
  void aClientThatStopsReadingIsCutByTheMinimumWriteRate() throws Exception {
    // The last record's rest waits in the TLS channel while the socket is full: that wait is timed
    // like any write, so a client that never reads loses its connection (slow-read attack).
    int size = 256 << 20;
    start(HttpServer.builder().minWriteRate(1 << 20, Duration.ofSeconds(1)).handler(r -> ServerResponse.ok(
        ServerResponseBody.writer(size, out -> {
          byte[] block = new byte[64 * 1024];
          for (int sent = 0; sent < size; sent += block.length) out.write(block);
        }))));
    try (Raw raw = Raw.overTls(server.port())) {
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(raw.socket.getInputStream().read()).isEqualTo('H'); // the answer has begun
      for (int i = 0; i < 600 && server.connectionCount() > 0; i++) Thread.sleep(50);
      assertThat(server.connectionCount()).as("closed by the minimum write rate").isZero();
    }
  }

  @Test
  void aKeyUpdateFromTheClientIsAnsweredAndTheConnectionGoesOn() throws Exception {
    start(r -> ServerResponse.ok("fine"));
    try (Raw raw = Raw.overTls(server.port(), new String[] {"http/1.1"}, new String[] {"TLSv1.3"})) {
      SSLSocket ssl = (SSLSocket) raw.socket;
      assertThat(body(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse())).isEqualTo("fine");
      for (int i = 0; i < 3; i++) {
        ssl.startHandshake(); // on an open TLS 1.3 connection the JDK sends a KeyUpdate asking for ours
        assertThat(body(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse())).isEqualTo("fine");
      }
    }
  }

  @Test
  void renegotiationByTheClientIsRefused() throws Exception {
    start(r -> ServerResponse.ok("fine"));
    try (Raw raw = Raw.overTls(server.port(), new String[] {"http/1.1"}, new String[] {"TLSv1.2"})) {
      SSLSocket ssl = (SSLSocket) raw.socket;
      assertThat(body(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse())).isEqualTo("fine");
      assertThatThrownBy(() -> {
        ssl.startHandshake();
        raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponse();
      }).isInstanceOf(IOException.class);
    }
  }

  @Test
  void pythonRequestsOverTlsKeepsItsConnectionAndMovesMegabytes() throws Exception {
    // A real client (urllib3 offers ALPN http/1.1): keep-alive, uploads and a download through the engine.
    byte[] content = new byte[3 << 20];
    new Random(21).nextBytes(content);
    Files.write(dir.resolve("data.bin"), content);
    Handler files = FileHandler.of(dir);
    start(r -> r.path().equals("/upload") ? ServerResponse.ok(sha256(r.bodyBytes())) : files.handle(r));
    String base = "https://localhost:" + server.port() + "/";
    InteropTest.Result r = InteropTest.python(String.join("\n",
        "import hashlib, os, requests",
        "s = requests.Session()",
        "s.verify = '" + TestPki.get().caCert() + "'",
        "s.trust_env = False  # an environment's CA bundle would override s.verify (requests' known quirk)",
        "for i in range(20):",
        "    r = s.get('" + base + "data.bin', headers={'Range': 'bytes=0-9'})",
        "    assert r.status_code == 206 and len(r.content) == 10, (r.status_code, len(r.content))",
        "payload = os.urandom(2 * 1024 * 1024)",
        "r = s.post('" + base + "upload', data=payload)",
        "assert r.text == hashlib.sha256(payload).hexdigest(), r.text",
        "r = s.get('" + base + "data.bin')",
        "assert hashlib.sha256(r.content).hexdigest() == '" + sha256(content) + "'",
        "print('python ok')"));
    assertThat(r.err()).isEmpty();
    assertThat(r.out().trim()).isEqualTo("python ok");
  }

  /** Reads a response head, then exactly {@code length} body bytes, slowly when asked. */
  static byte[] readBodyOfLength(Raw raw, int length, boolean slowly) throws Exception {
    InputStream in = raw.socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("closed after: " + head);
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200").contains("Content-Length: " + length);
    ByteArrayOutputStream body = new ByteArrayOutputStream(length);
    byte[] chunk = new byte[64 * 1024];
    while (body.size() < length) {
      int n = in.read(chunk, 0, Math.min(chunk.length, length - body.size()));
      if (n < 0) throw new IOException("closed after " + body.size() + " body bytes");
      body.write(chunk, 0, n);
      if (slowly) Thread.sleep(2);
    }
    return body.toByteArray();
  }
}
