package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.ConnectFailedException;
import dev.courier.error.CourierException;
import dev.courier.http.wire.HttpVersion;
import dev.courier.net.Endpoint;
import dev.courier.net.TlsSettings;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import dev.courier.testsupport.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The order of a session's events: a new connection, a pooled one, TLS, redirects, streams, failures. */
class EventListenerTest {
  private static HttpServer http;
  private static HttpServer https;
  private static TlsSettings trustTestCa;

  @BeforeAll
  static void start() throws IOException {
    http = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
    TestPki pki = TestPki.get();
    https = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin())
        .tls(pki.serverPkcs12(), TestPki.PASSWORD.toCharArray()).start();
    trustTestCa = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
  }

  @AfterAll
  static void stop() {
    if (http != null) http.close();
    if (https != null) https.close();
  }

  /** Records each event as "name" or "name:detail", in order. */
  static final class Recorder implements EventListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override public void callStart(Request call) { events.add("callStart"); }
    @Override public void dnsStart(Request request, String host) { events.add("dnsStart:" + host); }
    @Override public void dnsEnd(Request request, String host, List<InetAddress> addresses) {
      events.add("dnsEnd:" + host + (addresses.isEmpty() ? ":none" : ""));
    }
    @Override public void connectStart(Request request, Endpoint endpoint) { events.add("connectStart"); }
    @Override public void secureConnectStart(Request request) { events.add("secureConnectStart"); }
    @Override public void secureConnectEnd(Request request, SSLSession session) {
      events.add("secureConnectEnd:" + session.getProtocol());
    }
    @Override public void connectEnd(Request request, Endpoint endpoint) { events.add("connectEnd"); }
    @Override public void connectFailed(Request request, Endpoint endpoint, CourierException failure) {
      events.add("connectFailed:" + failure.getClass().getSimpleName());
    }
    @Override public void connectionAcquired(Request request, boolean reused) {
      events.add("connectionAcquired:" + (reused ? "reused" : "new"));
    }
    @Override public void requestHeadersEnd(Request request) { events.add("requestHeadersEnd"); }
    @Override public void requestBodyEnd(Request request) { events.add("requestBodyEnd"); }
    @Override public void responseHeadersStart(Request request) { events.add("responseHeadersStart"); }
    @Override public void responseHeadersEnd(Request request, Response response) {
      events.add("responseHeadersEnd:" + response.statusCode() + ":" + request.url().path());
    }
    @Override public void responseBodyEnd(Request request, long bytes) { events.add("responseBodyEnd"); }
    @Override public void connectionReleased(Request request) { events.add("connectionReleased"); }
    @Override public void callEnd(Request call) { events.add("callEnd"); }
    @Override public void callFailed(Request call, RuntimeException failure) {
      events.add("callFailed:" + failure.getClass().getSimpleName());
    }
  }

  private static final List<String> EXCHANGE = List.of("requestHeadersEnd", "requestBodyEnd",
      "responseHeadersStart", "responseHeadersEnd:200:/get", "responseBodyEnd", "connectionReleased");

  @Test
  void aPlainCallOnANewConnectionThenAPooledOneWithoutConnectEvents() {
    Recorder recorder = new Recorder();
    try (Session s = Session.builder().eventListener(recorder).build()) {
      s.get("http://localhost:" + http.port() + "/get");
      List<String> first = List.copyOf(recorder.events);
      recorder.events.clear();
      s.get("http://localhost:" + http.port() + "/get");

      assertThat(first).containsExactly(concat(List.of("callStart", "dnsStart:localhost", "dnsEnd:localhost",
          "connectStart", "connectEnd", "connectionAcquired:new"), EXCHANGE, List.of("callEnd")).toArray(String[]::new));
      assertThat(recorder.events).containsExactly(concat(List.of("callStart", "connectionAcquired:reused"), EXCHANGE,
          List.of("callEnd")).toArray(String[]::new));
    }
  }

  @Test
  void anIpLiteralHasNoLookup() {
    Recorder recorder = new Recorder();
    try (Session s = Session.builder().eventListener(recorder).build()) {
      s.get("http://127.0.0.1:" + http.port() + "/get");
    }
    assertThat(recorder.events).doesNotContain("dnsStart:127.0.0.1").contains("connectStart");
  }

  @Test
  void aTlsCallHasTheHandshakeInsideTheConnect() {
    Recorder recorder = new Recorder();
    try (Session s = Session.builder().tls(trustTestCa).eventListener(recorder).build()) {
      s.get("https://localhost:" + https.port() + "/get");
    }
    assertThat(recorder.events).startsWith("callStart", "dnsStart:localhost", "dnsEnd:localhost", "connectStart",
        "secureConnectStart");
    assertThat(recorder.events.get(5)).matches("secureConnectEnd:TLSv1\\.[23]");
    assertThat(recorder.events.subList(6, recorder.events.size()))
        .containsExactly(concat(List.of("connectEnd", "connectionAcquired:new"), EXCHANGE, List.of("callEnd"))
            .toArray(String[]::new));
  }

  @Test
  void aListenerThatAsksForTheVersionIsToldHttp11OnAPlainConnection() {
    List<String> acquired = new CopyOnWriteArrayList<>();
    EventListener versions = new EventListener() {
      @Override public void connectionAcquired(Request request, boolean reused, HttpVersion version) {
        acquired.add(reused + " " + version);
      }
    };
    try (Session s = Session.builder().eventListener(versions).build()) {
      s.get("http://127.0.0.1:" + http.port() + "/get");
      s.get("http://127.0.0.1:" + http.port() + "/get");
    }
    assertThat(acquired).containsExactly("false HTTP/1.1", "true HTTP/1.1");
  }

  @Test
  void aRedirectIsTwoAttemptsInOneCall() {
    Recorder recorder = new Recorder();
    try (Session s = Session.builder().eventListener(recorder).build()) {
      s.get("http://127.0.0.1:" + http.port() + "/redirect/1");
    }
    assertThat(recorder.events).filteredOn(e -> e.startsWith("call")).containsExactly("callStart", "callEnd");
    assertThat(recorder.events).filteredOn(e -> e.startsWith("responseHeadersEnd"))
        .containsExactly("responseHeadersEnd:302:/redirect/1", "responseHeadersEnd:200:/get");
    assertThat(recorder.events).filteredOn(e -> e.startsWith("connectionAcquired"))
        .containsExactly("connectionAcquired:new", "connectionAcquired:reused");
    // the redirect's body is done with before the second attempt starts
    assertThat(recorder.events.indexOf("connectionReleased")).isLessThan(recorder.events.indexOf("connectionAcquired:reused"));
  }

  @Test
  void aStreamedCallEndsWhenItsBodyIsClosed() throws IOException {
    Recorder recorder = new Recorder();
    try (Session s = Session.builder().eventListener(recorder).build()) {
      Response r = s.send(Request.get("http://127.0.0.1:" + http.port() + "/bytes/5000").stream(true).build());
      assertThat(recorder.events).contains("responseHeadersEnd:200:/bytes/5000").doesNotContain("responseBodyEnd", "callEnd");
      try (InputStream in = r.stream()) {
        assertThat(in.readAllBytes()).hasSize(5000);
      }
      r.close();
    }
    assertThat(recorder.events).endsWith("responseBodyEnd", "connectionReleased", "callEnd");
    assertThat(recorder.events).filteredOn("callEnd"::equals).hasSize(1);
  }

  @Test
  void aRefusedConnectionFailsTheConnectAndTheCall() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Recorder recorder = new Recorder();
    try (Session s = Session.builder().eventListener(recorder).build()) {
      assertThatThrownBy(() -> s.get("http://127.0.0.1:" + closedPort + "/"))
          .isInstanceOf(ConnectFailedException.class);
    }
    assertThat(recorder.events).containsExactly("callStart", "connectStart",
        "connectFailed:ConnectFailedException", "callFailed:ConnectFailedException");
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheCall() {
    EventListener throwing = new EventListener() {
      @Override public void connectStart(Request request, Endpoint endpoint) { throw new IllegalStateException("boom"); }
      @Override public void responseHeadersStart(Request request) { throw new IllegalStateException("boom"); }
    };
    try (Session s = Session.builder().eventListener(throwing).build()) {
      assertThat(s.get("http://127.0.0.1:" + http.port() + "/get").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aFactoryMakesOneListenerPerCall() {
    List<Recorder> made = new CopyOnWriteArrayList<>();
    try (Session s = Session.builder().eventListenerFactory(call -> {
      Recorder r = new Recorder();
      made.add(r);
      return r;
    }).build()) {
      s.get("http://127.0.0.1:" + http.port() + "/get");
      s.get("http://127.0.0.1:" + http.port() + "/get");
    }
    assertThat(made).hasSize(2).allSatisfy(r -> assertThat(r.events).startsWith("callStart").endsWith("callEnd"));
  }

  @Test
  void theReadmeExample() {
    String url = "http://127.0.0.1:" + http.port() + "/get";
    // README:begin
    List<String> phases = new ArrayList<>();
    Session session = Session.builder().eventListener(new EventListener() {
      public void connectEnd(Request request, Endpoint endpoint) { phases.add("connected to " + endpoint); }
      public void responseHeadersStart(Request request) { phases.add("first byte"); }
      public void callEnd(Request call) { phases.add("done"); }
    }).build();
    session.get(url);   // phases: [connected to 127.0.0.1:8000, first byte, done]
    // README:end
    session.close();
    assertThat(phases).containsExactly("connected to 127.0.0.1:" + http.port(), "first byte", "done");
    ReadmeBlocks.assertReadmeShowsEveryBlockOf("EventListenerTest.java");
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
  }
}
