package dev.courier.server;

import static dev.courier.server.H2Peer.request;
import static dev.courier.server.H2Peer.u32;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.Frame;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A conformance suite of our own in the spirit of h2spec (which cannot be had here): each case
 * sends raw frames to the server over a socket and expects a connection error (GOAWAY with a
 * code), a stream error (RST_STREAM with a code) or success, as RFC 9113 and RFC 7541 say. The
 * case names give the section.
 */
class H2ConformanceTest {
  static HttpServer server;
  /** Handlers of /hold wait on it without reading their body, until the suite ends. */
  static final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

  @BeforeAll
  static void start() throws IOException {
    Router router = Router.builder()
        .get("/", r -> ServerResponse.ok("ok"))
        .post("/echo", r -> ServerResponse.ok(ServerResponseBody.of(r.bodyBytes())))
        .post("/hold", r -> {
          release.await();
          return ServerResponse.ok("released");
        })
        .build();
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(router).start();
  }

  @AfterAll
  static void stop() {
    release.countDown();
    server.stop(Duration.ofSeconds(1));
  }

  /** What the server must answer. */
  sealed interface Expect {}

  record ConnectionError(ErrorCode code) implements Expect {}

  record StreamError(int streamId, ErrorCode code) implements Expect {}

  record Status(int streamId, String status) implements Expect {}

  /** A stream error or, when the stream already closed in the race, the connection error of the same code. */
  record StreamOrConnectionError(int streamId, ErrorCode code) implements Expect {}

  /** Nothing wrong: a PING sent after the script is answered and no error comes before it. */
  record Alive(boolean resetsAllowed) implements Expect {}

  /** Not taken as HTTP/2: the HTTP/1.1 parser answers with an error status and closes. */
  record NotHttp2() implements Expect {}

  interface Script {
    void run(H2Peer peer) throws IOException;
  }

  record Case(String section, String title, boolean handshake, Script script, Expect expect) {
    @Override
    public String toString() {
      return section + " " + title;
    }
  }

  static final List<Case> CASES = new ArrayList<>();

  static void add(String section, String title, Script script, Expect expect) {
    CASES.add(new Case(section, title, true, script, expect));
  }

  static void addRaw(String section, String title, Script script, Expect expect) {
    CASES.add(new Case(section, title, false, script, expect));
  }

  static Expect conn(ErrorCode code) {
    return new ConnectionError(code);
  }

  static Expect stream(int id, ErrorCode code) {
    return new StreamError(id, code);
  }

  static Expect ok(int id) {
    return new Status(id, "200");
  }

  static Expect alive() {
    return new Alive(false);
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
    return b;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  static byte[] setting(int id, long value) {
    return concat(bytes(id >>> 8, id), u32(value));
  }

  static final int DATA = 0;
  static final int HEADERS = 1;
  static final int PRIORITY = 2;
  static final int RST_STREAM = 3;
  static final int SETTINGS = 4;
  static final int PUSH_PROMISE = 5;
  static final int PING = 6;
  static final int GOAWAY = 7;
  static final int WINDOW_UPDATE = 8;
  static final int CONTINUATION = 9;
  static final int END_STREAM = 0x1;
  static final int END_HEADERS = 0x4;
  static final int PADDED = 0x8;
  static final int PRIORITY_FLAG = 0x20;

  static {
    H2ConformanceCases.addAll();
  }

  static List<Case> cases() {
    String only = System.getProperty("h2.case", ""); // to run the cases whose name contains it
    return CASES.stream().filter(c -> c.toString().contains(only)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conformance(Case c) throws IOException {
    try (H2Peer peer = new H2Peer(server.port())) {
      if (c.handshake()) peer.handshake();
      c.script().run(peer);
      check(peer, c.expect());
    } catch (AssertionError e) {
      throw new AssertionError(c + ": " + e.getMessage(), e);
    }
  }

  private static void check(H2Peer peer, Expect expect) throws IOException {
    long pingData = 0x0102030405060708L;
    if (expect instanceof Alive) peer.ping(pingData);
    if (expect instanceof NotHttp2) {
      String reply = peer.rawReply();
      assertThat(reply).as("an HTTP/1.1 error answer").matches("(?s)HTTP/1\\.1 [45]\\d\\d .*");
      return;
    }
    List<Frame> seen = new ArrayList<>();
    while (true) {
      Optional<Frame> next = peer.next();
      if (next.isEmpty()) {
        throw new AssertionError("connection closed without " + expect + "; saw " + seen);
      }
      Frame f = next.get();
      seen.add(f);
      switch (expect) {
        case ConnectionError e -> {
          if (f instanceof Frame.GoAway g) {
            assertThat(g.error()).as("GOAWAY code; saw " + seen).isEqualTo(e.code());
            return;
          }
        }
        case StreamError e -> {
          if (f instanceof Frame.RstStream r && r.streamId() == e.streamId()) {
            assertThat(r.error()).as("RST_STREAM code; saw " + seen).isEqualTo(e.code());
            return;
          }
          if (f instanceof Frame.GoAway) throw new AssertionError("connection error instead of " + e + ": " + seen);
        }
        case Status e -> {
          if (f instanceof Frame.Headers h && h.streamId() == e.streamId()) {
            assertThat(peer.lastStatus).as(":status; saw " + seen).isEqualTo(e.status());
            return;
          }
          if (f instanceof Frame.GoAway || (f instanceof Frame.RstStream r && r.streamId() == e.streamId())) {
            throw new AssertionError("error instead of " + e + ": " + seen);
          }
        }
        case StreamOrConnectionError e -> {
          if ((f instanceof Frame.RstStream r && r.streamId() == e.streamId()) || f instanceof Frame.GoAway) {
            ErrorCode code = f instanceof Frame.RstStream r ? r.error() : ((Frame.GoAway) f).error();
            assertThat(code).as("error code; saw " + seen).isEqualTo(e.code());
            return;
          }
        }
        case NotHttp2 n -> throw new AssertionError("unreachable");
        case Alive a -> {
          if (f instanceof Frame.Ping p && p.ack() && p.opaqueData() == pingData) return;
          if (f instanceof Frame.GoAway || (f instanceof Frame.RstStream && !a.resetsAllowed())) {
            throw new AssertionError("error where none was due: " + seen);
          }
        }
      }
    }
  }

  static String[] get() {
    return request("GET", "/");
  }
}
