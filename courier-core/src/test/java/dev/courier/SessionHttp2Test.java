package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.client.ClientRequest;
import dev.courier.client.ClientResponse;
import dev.courier.client.Proxy;
import dev.courier.client.RequestContent;
import dev.courier.client.RoundTripper;
import dev.courier.error.ConnectionException;
import dev.courier.error.DeadlineExceededException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.TlsException;
import dev.courier.http.Headers;
import dev.courier.http.Url;
import dev.courier.http.h2.H2Limits;
import dev.courier.http.wire.HttpVersion;
import dev.courier.net.Endpoint;
import dev.courier.net.TlsSettings;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.testsupport.TestPki;
import dev.courier.testsupport.TinyProxy;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Session over HTTP/2 against Courier's server: the policy, and what a session does, over h2. */
class SessionHttp2Test {
  private static HttpServer https;
  private static HttpServer httpsWithoutH2;
  private static HttpServer http;
  private static TlsSettings trust;

  @BeforeAll
  static void start() throws Exception {
    TestPki pki = TestPki.get();
    https = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin())
        .tls(pki.serverPkcs12(), TestPki.PASSWORD.toCharArray()).start();
    httpsWithoutH2 = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).http2(false)
        .tls(pki.serverPkcs12(), TestPki.PASSWORD.toCharArray()).start();
    http = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
    trust = TlsSettings.builder().trustedCertificates(pki.caCert()).build();
  }

  @AfterAll
  static void stop() {
    for (HttpServer s : new HttpServer[] {https, httpsWithoutH2, http}) if (s != null) s.close();
  }

  /** A server on 127.0.0.1 speaking TLS with the test PKI's certificate (so h2 by ALPN). */
  private static HttpServer tlsServer(dev.courier.server.Handler handler) throws java.io.IOException {
    return HttpServer.builder().bind("127.0.0.1").port(0)
        .tls(TestPki.get().serverPkcs12(), TestPki.PASSWORD.toCharArray()).handler(handler).start();
  }

  private static String url(HttpServer server, String path) {
    return (server == http ? "http://127.0.0.1:" : "https://localhost:") + server.port() + path;
  }

  private static Session session(HttpVersionPolicy policy) {
    return Session.builder().tls(trust).httpVersionPolicy(policy).build();
  }

  /**
   * A closed session leaves no thread of its HTTP/2 connection behind. The reader is a platform
   * thread (a virtual one waiting on a socket would start the JDK's poller, which stays in native
   * code, and the JVM waits up to 300 ms at exit for such threads), so it is one
   * {@link Thread#getAllStackTraces} sees, and it ends with the connection.
   */
  @Test
  void aClosedSessionLeavesNoHttp2ReaderRunning() throws Exception {
    java.util.Set<Thread> before = readers();
    Session s = session(HttpVersionPolicy.HTTP_2_PREFERRED);
    assertThat(s.get(url(https, "/get")).version()).isEqualTo(HttpVersion.HTTP_2);
    java.util.Set<Thread> ours = readersSince(before);
    assertThat(ours).as("this session's connection reader").hasSize(1);
    assertThat(ours.iterator().next().isDaemon()).as("an unclosed session must not keep the JVM alive").isTrue();
    s.close();
    for (Thread reader : ours) reader.join(Duration.ofSeconds(10));
    assertThat(ours).noneMatch(Thread::isAlive);
  }

  /**
   * Over TLS the opener's request goes out with the preface, before the server's SETTINGS; the
   * connection still joins the pool as those SETTINGS are read, so it is there, to share, by the
   * time the first response is (a caller counting connections, or sending the next request at
   * once, sees it). Many fresh round trippers, as the order once depended on a thread's timing.
   */
  @Test
  void aNewTlsConnectionIsPooledByTheTimeItsFirstResponseArrives() throws Exception {
    Url url = Url.parse(url(https, "/get"));
    ClientRequest get = ClientRequest.of("GET", url, Headers.of("Host", url.authority()), RequestContent.none());
    for (int i = 0; i < 40; i++) {
      try (RoundTripper rt = RoundTripper.builder().tls(trust).build()) {
        try (ClientResponse r = rt.roundTrip(get)) {
          assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
          assertThat(rt.http2ConnectionCount()).as("pooled after the first response, round %d", i).isEqualTo(1);
          r.body().readAllBytes();
        }
      }
    }
  }

  /**
   * A server that chooses h2 by ALPN and then never sends its SETTINGS: the request sent with the
   * preface fails once the connect timeout passes (not the longer read timeout), the connection
   * is not pooled, and the route is free for the next attempt.
   */
  @Test
  void aTlsServerThatNeverSendsSettingsFailsTheRequestAtTheConnectTimeout() throws Exception {
    javax.net.ssl.SSLContext context = dev.courier.net.TlsContexts.server(TestPki.get().serverCert(), TestPki.get().serverKey());
    try (var listener = (javax.net.ssl.SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      javax.net.ssl.SSLParameters parameters = dev.courier.net.TlsContexts.serverParameters(context);
      parameters.setApplicationProtocols(new String[] {"h2"});
      listener.setSSLParameters(parameters);
      AtomicInteger accepted = new AtomicInteger();
      Thread.ofVirtual().start(() -> {
        while (!listener.isClosed()) {
          try {
            java.net.Socket silent = listener.accept();
            accepted.incrementAndGet();
            Thread.ofVirtual().start(() -> {
              try (silent) {
                silent.getInputStream().transferTo(java.io.OutputStream.nullOutputStream()); // says nothing
              } catch (java.io.IOException ignored) {
                // the client hung up
              }
            });
          } catch (java.io.IOException e) {
            return;
          }
        }
      });
      Url url = Url.parse("https://localhost:" + listener.getLocalPort() + "/");
      ClientRequest get = ClientRequest.of("GET", url, Headers.of("Host", url.authority()), RequestContent.none())
          .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(20));
      try (RoundTripper rt = RoundTripper.builder().tls(trust).build()) {
        for (int attempt = 1; attempt <= 2; attempt++) {
          long start = System.nanoTime();
          assertThatThrownBy(() -> rt.roundTrip(get).close())
              .isInstanceOf(ConnectionException.class).hasMessageContaining("no SETTINGS frame within the connect timeout");
          assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the read timeout").isLessThan(Duration.ofSeconds(10));
          assertThat(rt.http2ConnectionCount()).isZero();
          assertThat(accepted.get()).as("each attempt connects anew").isEqualTo(attempt);
        }
      }
    }
  }

  /**
   * Evicting a session's idle connections ends its HTTP/2 connection's reader (the default
   * session does it at the JVM's exit, so that a program using {@code Courier.get} ends without
   * the JVM's 300 ms wait for threads in native code); the session stays usable.
   */
  @Test
  void evictingIdleConnectionsEndsTheReaderAndTheSessionGoesOn() throws Exception {
    java.util.Set<Thread> before = readers();
    try (Session s = session(HttpVersionPolicy.HTTP_2_PREFERRED)) {
      assertThat(s.get(url(https, "/get")).version()).isEqualTo(HttpVersion.HTTP_2);
      java.util.Set<Thread> first = readersSince(before);
      assertThat(first).hasSize(1);
      s.evictIdleConnections();
      for (Thread reader : first) reader.join(Duration.ofSeconds(10));
      assertThat(first).noneMatch(Thread::isAlive);
      assertThat(s.get(url(https, "/get")).version()).as("a new connection").isEqualTo(HttpVersion.HTTP_2);
      java.util.Set<Thread> second = readersSince(before);
      assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);
    }
  }

  /** The HTTP/2 reader threads alive now that were not among {@code before}. */
  private static java.util.Set<Thread> readersSince(java.util.Set<Thread> before) {
    java.util.Set<Thread> now = readers();
    now.removeAll(before);
    return now;
  }

  private static java.util.Set<Thread> readers() {
    java.util.Set<Thread> readers = new java.util.HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("courier-h2-reader")) readers.add(t);
    }
    return readers;
  }

  @Test
  void theDefaultIsHttp2OverTlsWhenTheServerChoosesItAndHttp11Otherwise() {
    try (Session s = Session.builder().tls(trust).build()) {
      assertThat(s.get(url(https, "/get")).version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(s.get(url(httpsWithoutH2, "/get")).version()).isEqualTo(HttpVersion.HTTP_1_1);
      assertThat(s.get(url(http, "/get")).version()).isEqualTo(HttpVersion.HTTP_1_1);
    }
  }

  @Test
  void http11PolicyNeverSpeaksHttp2() {
    try (Session s = session(HttpVersionPolicy.HTTP_1_1)) {
      assertThat(s.get(url(https, "/get")).version()).isEqualTo(HttpVersion.HTTP_1_1);
      assertThat(s.get(url(http, "/get")).version()).isEqualTo(HttpVersion.HTTP_1_1);
    }
  }

  @Test
  void http2OnlySpeaksH2cWithPriorKnowledgeAndRefusesATlsServerWithoutH2() {
    try (Session s = session(HttpVersionPolicy.HTTP_2_ONLY)) {
      assertThat(s.get(url(https, "/get")).version()).isEqualTo(HttpVersion.HTTP_2);
      Response plain = s.get(url(http, "/get"));
      assertThat(plain.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(plain.json().at("/url").asText()).isEqualTo(url(http, "/get"));
      assertThatThrownBy(() -> s.get(url(httpsWithoutH2, "/get")))
          .isInstanceOf(TlsException.class)
          .satisfies(e -> assertThat(((TlsException) e).mayHaveReachedServer()).isFalse());
    }
  }

  @Test
  void headersGoAsHttp2FieldsWithAuthorityFromHost() {
    try (Session s = session(HttpVersionPolicy.HTTP_2_PREFERRED)) {
      Response r = s.send(Request.get(url(https, "/headers")).header("X-Mixed-Case", "v")
          .header("Connection", "keep-alive").header("Keep-Alive", "timeout=5").build());
      assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
      var headers = r.json().at("/headers");
      assertThat(headers.at("/X-Mixed-Case").asText()).isEqualTo("v");
      assertThat(headers.has("Connection")).isFalse();
      assertThat(headers.has("Keep-Alive")).isFalse();
      assertThat(headers.at("/Host").asText()).isEqualTo("localhost:" + https.port());
    }
  }

  @Test
  void redirectsCookiesAuthDecompressionAndStatusWorkOverHttp2() {
    try (Session s = session(HttpVersionPolicy.HTTP_2_PREFERRED)) {
      Response redirected = s.get(url(https, "/redirect/3"));
      assertThat(redirected.statusCode()).isEqualTo(200);
      assertThat(redirected.history()).hasSize(3).allSatisfy(r -> assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2));

      s.get(url(https, "/cookies/set?flavour=oat"));
      assertThat(s.get(url(https, "/cookies")).json().at("/cookies/flavour").asText()).isEqualTo("oat");

      Response basic = s.send(Request.get(url(https, "/basic-auth/ada/pw")).auth(Auth.basic("ada", "pw")).build());
      assertThat(basic.statusCode()).isEqualTo(200);
      Response digest = s.send(Request.get(url(https, "/digest-auth/auth/ada/pw")).auth(Auth.digest("ada", "pw")).build());
      assertThat(digest.statusCode()).isEqualTo(200);
      assertThat(digest.version()).isEqualTo(HttpVersion.HTTP_2);

      Response gzip = s.get(url(https, "/gzip"));
      assertThat(gzip.json().at("/gzipped").asBoolean()).isTrue();

      assertThatThrownBy(() -> s.get(url(https, "/status/418")).raiseForStatus())
          .isInstanceOf(HttpStatusException.class);
    }
  }

  /** A listener that counts the connections a session opens into {@code connects}. */
  private static EventListener countingConnects(AtomicInteger connects) {
    return new EventListener() {
      @Override
      public void connectStart(Request request, Endpoint endpoint) {
        connects.incrementAndGet();
      }
    };
  }

  @Test
  void fiftyParallelRequestsShareOneConnection() throws Exception {
    AtomicInteger connects = new AtomicInteger();
    AtomicInteger fresh = new AtomicInteger();
    EventListener counting = new EventListener() {
      @Override
      public void connectStart(Request request, Endpoint endpoint) {
        connects.incrementAndGet();
      }

      @Override
      public void connectionAcquired(Request request, boolean reused) {
        if (!reused) fresh.incrementAndGet();
      }
    };
    try (Session s = Session.builder().tls(trust).eventListener(counting).build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Response>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = i;
        answers.add(threads.submit(() -> s.get(url(https, "/anything/" + n))));
      }
      for (int i = 0; i < 50; i++) {
        Response r = answers.get(i).get();
        assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(r.json().at("/url").asText()).endsWith("/anything/" + i);
      }
    }
    assertThat(connects.get()).isEqualTo(1);
    assertThat(fresh.get()).isEqualTo(1);
  }

  @Test
  void theServersStreamLimitIsRespectedOnOneConnection() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch twoIn = new CountDownLatch(2);
    HttpServer limited = HttpServer.builder().bind("127.0.0.1").port(0)
        .http2Limits(H2Limits.defaults().withMaxConcurrentStreams(2))
        .tls(TestPki.get().serverPkcs12(), TestPki.PASSWORD.toCharArray())
        .handler(request -> {
          int now = inFlight.incrementAndGet();
          most.accumulateAndGet(now, Math::max);
          twoIn.countDown();
          try {
            twoIn.await(20, java.util.concurrent.TimeUnit.SECONDS); // the first two overlap: the limit is reached
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inFlight.decrementAndGet();
          return ServerResponse.ok("ok");
        }).start();
    AtomicInteger connects = new AtomicInteger();
    try (Session s = Session.builder().tls(trust).maxConnectionsPerRoute(1).eventListener(countingConnects(connects)).build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 12; i++) answers.add(threads.submit(() -> s.get(url(limited, "/")).text()));
      for (Future<String> a : answers) assertThat(a.get()).isEqualTo("ok");
    } finally {
      limited.close();
    }
    assertThat(most.get()).isEqualTo(2);
    assertThat(connects.get()).isEqualTo(1);
  }

  @Test
  void whenEveryStreamIsTakenAnotherConnectionOpens() throws Exception {
    CountDownLatch allIn = new CountDownLatch(3);
    HttpServer oneStream = HttpServer.builder().bind("127.0.0.1").port(0)
        .http2Limits(H2Limits.defaults().withMaxConcurrentStreams(1))
        .tls(TestPki.get().serverPkcs12(), TestPki.PASSWORD.toCharArray())
        .handler(request -> {
          allIn.countDown();
          try {
            // three requests are in the server at once only if they came on three connections
            return ServerResponse.ok(allIn.await(20, java.util.concurrent.TimeUnit.SECONDS) ? "together" : "alone");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ServerResponse.ok("interrupted");
          }
        }).start();
    AtomicInteger connects = new AtomicInteger();
    try (Session s = Session.builder().tls(trust).eventListener(countingConnects(connects)).build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 3; i++) answers.add(threads.submit(() -> s.get(url(oneStream, "/")).text()));
      for (Future<String> a : answers) assertThat(a.get()).isEqualTo("together");
    } finally {
      oneStream.close();
    }
    assertThat(connects.get()).isEqualTo(3);
  }

  /**
   * Many streams at once on one connection, each direction: every body arrives whole and its own,
   * however the reader takes it. DATA payload arrays are reused once a body has read them
   * (PayloadArrays), so one given back too early, or twice, would show here as another stream's
   * bytes.
   */
  @Test
  void concurrentStreamsEachReadTheirOwnBytesWhileArraysAreReused() throws Exception {
    int streams = 24;
    HttpServer server = tlsServer(request -> {
      if (request.method().equals("POST")) return ServerResponse.ok(sha256(request.bodyBytes()));
      int n = Integer.parseInt(request.path().substring("/down/".length()));
      byte[] body = downloadBody(n);
      return ServerResponse.ok(ServerResponseBody.of(new ByteArrayInputStream(body), body.length));
    });
    AtomicInteger connects = new AtomicInteger();
    try (Session s = Session.builder().tls(trust).eventListener(countingConnects(connects)).build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      assertThat(s.get(url(server, "/down/0")).version()).isEqualTo(HttpVersion.HTTP_2); // the connection first
      List<Future<Void>> calls = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        int n = i;
        calls.add(threads.submit(() -> {
          byte[] expected = downloadBody(n);
          Response down = s.send(Request.get(url(server, "/down/" + n)).stream(n % 2 == 0).build());
          assertThat(down.version()).isEqualTo(HttpVersion.HTTP_2);
          byte[] got;
          if (n % 2 == 0) {
            try (InputStream in = down.stream()) {
              java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
              byte[] small = new byte[1000 + n * 37]; // reads that end inside payloads
              for (int r; (r = in.read(small)) >= 0; ) out.write(small, 0, r);
              got = out.toByteArray();
            }
          } else {
            got = down.bytes();
          }
          assertThat(sha256(got)).as("download %d", n).isEqualTo(sha256(expected));
          byte[] upload = downloadBody(1000 + n);
          Response up = s.post(url(server, "/up"), Body.of(new ByteArrayInputStream(upload), "application/octet-stream"));
          assertThat(up.text()).as("upload %d", n).isEqualTo(sha256(upload));
          return null;
        }));
      }
      for (Future<Void> call : calls) call.get();
    } finally {
      server.close();
    }
    assertThat(connects.get()).as("every stream on one connection").isEqualTo(1);
  }

  /** A body of its own for each stream: 300 KiB and more, random bytes seeded by {@code n}. */
  private static byte[] downloadBody(int n) {
    byte[] body = new byte[300 * 1024 + n * 1013];
    new Random(n).nextBytes(body);
    return body;
  }

  @Test
  void streamedUploadAndDownloadLargerThanTheFlowControlWindow() throws Exception {
    byte[] big = new byte[3 << 20]; // 3 MiB: many times the 64 KiB initial window
    new Random(7).nextBytes(big);
    HttpServer echo = HttpServer.builder().bind("127.0.0.1").port(0)
        .tls(TestPki.get().serverPkcs12(), TestPki.PASSWORD.toCharArray())
        .handler(request -> {
          if (request.method().equals("POST")) {
            return ServerResponse.ok(sha256(request.bodyBytes()));
          }
          return ServerResponse.ok(ServerResponseBody.of(new ByteArrayInputStream(big), big.length));
        }).start();
    try (Session s = session(HttpVersionPolicy.HTTP_2_PREFERRED)) {
      Response up = s.post(url(echo, "/up"), Body.of(new ByteArrayInputStream(big), "application/octet-stream"));
      assertThat(up.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(up.text()).isEqualTo(sha256(big));

      Response down = s.send(Request.get(url(echo, "/down")).stream(true).build());
      assertThat(down.version()).isEqualTo(HttpVersion.HTTP_2);
      try (InputStream in = down.stream()) {
        assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(big));
      }
    } finally {
      echo.close();
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(30) // a read timeout that never fires would otherwise hang here
  void readTimeoutAndCallDeadlineEndOneStreamNotTheConnection() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer slow = tlsServer(request -> {
      if (request.path().equals("/slow")) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return ServerResponse.ok("done");
    });
    AtomicInteger connects = new AtomicInteger();
    try (Session s = Session.builder().tls(trust).eventListener(countingConnects(connects)).build()) {
      assertThat(s.get(url(slow, "/fast")).text()).isEqualTo("done");
      assertThatThrownBy(() -> s.send(Request.get(url(slow, "/slow"))
          .timeouts(Timeouts.of(Duration.ofSeconds(5), Duration.ofMillis(200))).build()))
          .isInstanceOf(ReadTimeoutException.class);
      assertThatThrownBy(() -> s.send(Request.get(url(slow, "/slow"))
          .timeouts(Timeouts.defaults().withTotal(Duration.ofMillis(300))).build()))
          .isInstanceOf(DeadlineExceededException.class);
      assertThat(s.get(url(slow, "/fast")).text()).isEqualTo("done");
    } finally {
      release.countDown();
      slow.close();
    }
    assertThat(connects.get()).isEqualTo(1);
  }

  @Test
  @org.junit.jupiter.api.Timeout(30) // a read timeout that never fires would otherwise hang here
  void aBodyThatStallsMidwayEndsWithAReadTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer stalling = tlsServer(request -> request.path().equals("/stall")
        ? ServerResponse.builder(200).body(ServerResponseBody.writer(out -> {
          out.write("first part".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          out.flush();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        })).build()
        : ServerResponse.ok("done"));
    try (Session s = Session.builder().tls(trust).build()) {
      Response r = s.send(Request.get(url(stalling, "/stall"))
          .timeouts(Timeouts.of(Duration.ofSeconds(5), Duration.ofMillis(200))).stream(true).build());
      assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
      InputStream body = r.stream();
      assertThat(new String(body.readNBytes(10), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("first part");
      assertThatThrownBy(body::read).isInstanceOf(ReadTimeoutException.class);
      assertThat(s.get(url(stalling, "/fast")).text()).isEqualTo("done");
    } finally {
      release.countDown();
      stalling.close();
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void eachPieceOfAStreamedResponseReachesTheCallerWhileTheServerWaitsForItsTurn() throws Exception {
    // The connection's reader wakes a waiting caller once per batch of input, or before its own
    // read may wait (BodyWakes): a piece that came must never wait behind bytes that have not.
    String[] pieces = {"one..", "two..", "three"};
    List<CountDownLatch> heard = new ArrayList<>();
    for (int i = 0; i < pieces.length; i++) heard.add(new CountDownLatch(1));
    HttpServer turns = tlsServer(request -> ServerResponse.builder(200).body(ServerResponseBody.writer(out -> {
      for (int i = 0; i < pieces.length; i++) {
        out.write(pieces[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.flush();
        try {
          if (!heard.get(i).await(30, java.util.concurrent.TimeUnit.SECONDS)) return; // the test fails below
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    })).build());
    try (Session s = Session.builder().tls(trust).build()) {
      Response r = s.send(Request.get(url(turns, "/turns")).stream(true).build());
      assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
      InputStream body = r.stream();
      for (int i = 0; i < pieces.length; i++) {
        assertThat(new String(body.readNBytes(5), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(pieces[i]);
        heard.get(i).countDown();
      }
      assertThat(body.read()).isEqualTo(-1);
    } finally {
      turns.close();
    }
  }

  @Test
  void aConnectTunnelStillNegotiatesH2AndAForwardingProxyStaysOnHttp11() throws Exception {
    try (TinyProxy proxy = TinyProxy.connect(null);
        Session s = Session.builder().tls(trust).proxy(Proxy.http("127.0.0.1", proxy.port())).build()) {
      assertThat(s.get(url(https, "/get")).version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(proxy.requests()).anyMatch(r -> r.contains("CONNECT"));
    }
    // http through a forwarding proxy (here the server itself, which takes absolute-form targets)
    try (Session s = Session.builder().httpVersionPolicy(HttpVersionPolicy.HTTP_2_ONLY)
        .proxy(Proxy.http("127.0.0.1", http.port())).build()) {
      assertThat(s.get(url(http, "/get")).version()).isEqualTo(HttpVersion.HTTP_1_1);
    }
  }

  @Test
  void aMountedAdapterHasItsOwnPolicy() {
    try (Session s = Session.builder().tls(trust).mount("https://localhost:" + https.port() + "/old/",
        NetworkAdapter.builder().tls(trust).httpVersionPolicy(HttpVersionPolicy.HTTP_1_1).build()).build()) {
      assertThat(s.get(url(https, "/anything/new")).version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(s.get(url(https, "/old/anything")).version()).isEqualTo(HttpVersion.HTTP_1_1);
    }
  }

  @Test
  void eventsComeInTheSameOrderOverHttp2() {
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    EventListener recording = new EventListener() {
      @Override public void callStart(Request call) { events.add("callStart"); }
      @Override public void connectStart(Request request, Endpoint endpoint) { events.add("connectStart"); }
      @Override public void secureConnectStart(Request request) { events.add("secureConnectStart"); }
      @Override public void secureConnectEnd(Request request, javax.net.ssl.SSLSession session) {
        events.add("secureConnectEnd " + session.getProtocol().startsWith("TLS"));
      }
      @Override public void connectEnd(Request request, Endpoint endpoint) { events.add("connectEnd"); }
      @Override public void connectionAcquired(Request request, boolean reused, HttpVersion version) {
        events.add("connectionAcquired " + reused + " " + version);
      }
      @Override public void requestHeadersEnd(Request request) { events.add("requestHeadersEnd"); }
      @Override public void requestBodyEnd(Request request) { events.add("requestBodyEnd"); }
      @Override public void responseHeadersStart(Request request) { events.add("responseHeadersStart"); }
      @Override public void responseBodyEnd(Request request, long bytes) { events.add("responseBodyEnd"); }
      @Override public void connectionReleased(Request request) { events.add("connectionReleased"); }
      @Override public void callEnd(Request call) { events.add("callEnd"); }
    };
    try (Session s = Session.builder().tls(trust).eventListener(recording).build()) {
      s.get(url(https, "/bytes/10")).bytes();
      s.post(url(https, "/post"), Body.text("hi")).bytes();
    }
    List<String> exchange = List.of("connectionAcquired", "requestHeadersEnd", "requestBodyEnd", "responseHeadersStart",
        "responseBodyEnd", "connectionReleased", "callEnd");
    assertThat(events.stream().map(e -> e.split(" ")[0]).toList()).containsSubsequence(
        List.of("callStart", "connectStart", "secureConnectStart", "secureConnectEnd", "connectEnd"));
    assertThat(events).containsSubsequence("connectionAcquired false HTTP/2", "connectionReleased", "callStart",
        "connectionAcquired true HTTP/2");
    assertThat(events.stream().filter(e -> e.equals("connectStart")).count()).isEqualTo(1);
    assertThat(events.stream().map(e -> e.split(" ")[0]).filter(exchange::contains).toList())
        .isEqualTo(java.util.stream.Stream.concat(exchange.stream(), exchange.stream()).toList());
  }

  @Test
  void http2OnlyAgainstAPlaintextServerWithoutHttp2SaysSo() throws Exception {
    HttpServer http11 = HttpServer.builder().bind("127.0.0.1").port(0).http2(false)
        .handler(request -> ServerResponse.ok("1.1")).start();
    try (Session s = session(HttpVersionPolicy.HTTP_2_ONLY)) {
      assertThatThrownBy(() -> s.get("http://127.0.0.1:" + http11.port() + "/"))
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("did not start HTTP/2")
          .satisfies(e -> assertThat(((ConnectionException) e).mayHaveReachedServer()).isFalse());
    } finally {
      http11.close();
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
