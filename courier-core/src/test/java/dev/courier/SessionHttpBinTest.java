package dev.courier;

import dev.courier.error.ConnectFailedException;
import dev.courier.error.DeadlineExceededException;
import dev.courier.error.ReadTimeoutException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.http.HttpStatus;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every feature of the requests-style API end to end, against Courier's own HttpBin on loopback. */
class SessionHttpBinTest {
  private static HttpServer bin;
  private static HttpServer other; // a second origin (another port)
  private static Session session;
  private static String base;

  @BeforeAll
  static void start() throws IOException {
    bin = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
    other = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
    base = "http://127.0.0.1:" + bin.port();
    session = Session.create();
  }

  @AfterAll
  static void stop() {
    session.close();
    bin.close();
    other.close();
  }

  @Test
  void getWithParamsAndDefaultHeaders() {
    Response r = session.get(base + "/get", Map.of("q", "a b", "tags", List.of("x", "y")));
    assertThat(r.status()).contains(HttpStatus.OK);
    JsonNode json = r.json();
    assertThat(json.at("/args/q").asText()).isEqualTo("a b");
    assertThat(json.at("/args/tags").toString()).isEqualTo("[\"x\",\"y\"]");
    assertThat(json.at("/headers/User-Agent").asText()).isEqualTo(Session.DEFAULT_USER_AGENT);
    assertThat(json.at("/headers/Accept-Encoding").asText()).isEqualTo(ContentDecoders.acceptEncoding());
    assertThat(r.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
  }

  @Test
  void postJsonFormMultipartAndStreams(@TempDir Path dir) throws IOException {
    JsonNode json = session.send(Request.post(base + "/post").json(Map.of("name", "Ada")).build()).json();
    assertThat(json.at("/json/name").asText()).isEqualTo("Ada");
    assertThat(json.at("/headers/Content-Type").asText()).isEqualTo("application/json");

    JsonNode form = session.post(base + "/post", Body.form(Map.of("a", "1", "b", List.of("2", "3")))).json();
    assertThat(form.at("/form/a").asText()).isEqualTo("1");
    assertThat(form.at("/form/b").toString()).isEqualTo("[\"2\",\"3\"]");

    Path file = dir.resolve("report.csv");
    Files.writeString(file, "a,b\n1,2\n");
    JsonNode multi = session.post(base + "/post", Multipart.builder()
        .field("title", "Q3").file("doc", file).build()).json();
    assertThat(multi.at("/form/title").asText()).isEqualTo("Q3");
    assertThat(multi.at("/files/doc").asText()).isEqualTo("a,b\n1,2\n");

    InputStream in = new java.io.ByteArrayInputStream("streamed body".getBytes());
    JsonNode chunked = session.put(base + "/put", Body.of(in, "text/plain")).json();
    assertThat(chunked.at("/data").asText()).isEqualTo("streamed body");
    assertThat(chunked.at("/headers/Transfer-Encoding").asText()).isEqualTo("chunked");

    assertThat(session.patch(base + "/patch", Body.text("p")).json().at("/data").asText()).isEqualTo("p");
    assertThat(session.delete(base + "/delete").statusCode()).isEqualTo(200);
    assertThat(session.request("PROPFIND", base + "/anything").json().at("/method").asText()).isEqualTo("PROPFIND");
    assertThat(session.options(base + "/get").statusCode()).isLessThan(500);
  }

  @Test
  void decodesGzipAndDeflate() {
    assertThat(session.get(base + "/gzip").json().at("/gzipped").asBoolean()).isTrue();
    assertThat(session.get(base + "/deflate").json().at("/deflated").asBoolean()).isTrue();
  }

  @Test
  void followsRedirectsWithHistory() {
    Response r = session.get(base + "/redirect/3");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.url().path()).isEqualTo("/get");
    assertThat(r.history()).hasSize(3).allSatisfy(h -> assertThat(h.statusCode()).isEqualTo(302));
    assertThat(session.get(base + "/absolute-redirect/2").history()).hasSize(2);
    assertThatThrownBy(() -> session.send(Request.get(base + "/redirect/5").maxRedirects(4).build()))
        .isInstanceOf(TooManyRedirectsException.class);
    Response notFollowed = session.send(Request.get(base + "/redirect/1").followRedirects(false).build());
    assertThat(notFollowed.statusCode()).isEqualTo(302);
    assertThat(notFollowed.isRedirect()).isTrue();
  }

  @Test
  void a307KeepsThePostBodyAndA302TurnsItIntoGet() {
    Response kept = session.send(Request.post(base + "/redirect-to").param("url", "/post").param("status_code", 307)
        .body(Body.text("payload")).build());
    assertThat(kept.json().at("/data").asText()).isEqualTo("payload");
    Response changed = session.send(Request.post(base + "/redirect-to").param("url", "/get").param("status_code", 302)
        .body(Body.text("payload")).build());
    assertThat(changed.request().method()).isEqualTo("GET");
    assertThat(changed.statusCode()).isEqualTo(200);
  }

  @Test
  void credentialsDoNotFollowARedirectToAnotherOrigin() {
    String elsewhere = "http://127.0.0.1:" + other.port() + "/headers";
    Response r = session.send(Request.get(base + "/redirect-to").param("url", elsewhere)
        .header("Cookie", "mine=1").auth(Auth.basic("u", "p")).build());
    JsonNode headers = r.json().get("headers");
    assertThat(headers.has("Authorization")).isFalse();
    assertThat(headers.has("Cookie")).isFalse();
    Response same = session.send(Request.get(base + "/redirect-to").param("url", "/headers")
        .auth(Auth.basic("u", "p")).build());
    assertThat(same.json().at("/headers/Authorization").asText()).startsWith("Basic ");
  }

  @Test
  void cookiesAreKeptPerSession() {
    try (Session s = Session.create()) {
      Response r = s.get(base + "/cookies/set?flavour=oat&size=big");
      assertThat(r.json().at("/cookies/flavour").asText()).isEqualTo("oat");
      assertThat(s.get(base + "/cookies").json().at("/cookies/size").asText()).isEqualTo("big");
      assertThat(s.cookies().orElseThrow().size()).isEqualTo(2);
      // another origin (port) on the same host: cookies are host-scoped, ports are not (RFC 6265 §8.5)
      assertThat(s.get("http://127.0.0.1:" + other.port() + "/cookies").json().at("/cookies/flavour").asText())
          .isEqualTo("oat");
    }
    try (Session s = Session.builder().noCookies().build()) {
      s.get(base + "/cookies/set?a=1");
      assertThat(s.get(base + "/cookies").json().get("cookies").size()).isZero();
    }
  }

  @Test
  void basicBearerDigestAndNetrc() {
    assertThat(session.send(Request.get(base + "/basic-auth/ada/pw").basicAuth("ada", "pw").build()).statusCode())
        .isEqualTo(200);
    assertThat(session.get(base + "/basic-auth/ada/pw").statusCode()).isEqualTo(401);
    assertThat(session.get("http://ada:pw@127.0.0.1:" + bin.port() + "/basic-auth/ada/pw").statusCode())
        .isEqualTo(200);
    assertThat(session.send(Request.get(base + "/hidden-basic-auth/ada/pw").basicAuth("ada", "pw").build())
        .json().at("/authenticated").asBoolean()).isTrue();
    assertThat(session.send(Request.get(base + "/bearer").bearer("t0k").build()).json().at("/token").asText())
        .isEqualTo("t0k");
    for (String algorithm : List.of("MD5", "SHA-256", "SHA-512-256")) {
      Response r = session.send(Request.get(base + "/digest-auth/auth/ada/pw/" + algorithm)
          .auth(Auth.digest("ada", "pw")).build());
      assertThat(r.statusCode()).as(algorithm).isEqualTo(200);
      assertThat(r.json().at("/user").asText()).isEqualTo("ada");
    }
    Auth digest = Auth.digest("ada", "pw");
    try (Session s = Session.builder().auth(digest).build()) {
      assertThat(s.get(base + "/digest-auth/auth/ada/pw").statusCode()).isEqualTo(200);
      assertThat(s.get(base + "/digest-auth/auth/ada/pw").statusCode()).as("pre-emptive, nc=2").isEqualTo(200);
      assertThat(s.send(Request.post(base + "/digest-auth/auth-int/ada/pw").body(Body.text("signed body")).build())
          .statusCode()).as("auth-int hashes the body").isEqualTo(200);
    }
    assertThat(session.send(Request.get(base + "/digest-auth/auth/ada/pw").auth(Auth.digest("ada", "wrong")).build())
        .statusCode()).isEqualTo(401);
    Netrc netrc = Netrc.parse("machine 127.0.0.1 login ada password pw");
    try (Session s = Session.builder().auth(Auth.netrc(netrc)).build()) {
      assertThat(s.get(base + "/basic-auth/ada/pw").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void statusErrorsCarryTheResponse() {
    Response teapot = session.get(base + "/status/418");
    assertThat(teapot.ok()).isFalse();
    assertThatThrownBy(teapot::raiseForStatus)
        .isInstanceOf(HttpStatusException.class)
        .hasMessageContaining("418")
        .hasMessageContaining(base + "/status/418");
    assertThat(session.get(base + "/status/204").bytes()).isEmpty();
  }

  @Test
  void retriesAreVisibleToHooks() {
    AtomicInteger retries = new AtomicInteger();
    try (Session s = Session.builder().retry(Retry.builder().total(2).backoff(Duration.ZERO).build())
        .hook(new Hook() {
          @Override
          public void onRetry(Request request, int retry, Duration wait, String why) {
            retries.incrementAndGet();
          }
        }).build()) {
      assertThat(s.get(base + "/status/503").statusCode()).isEqualTo(503);
      assertThat(retries).hasValue(2);
    }
  }

  @Test
  void streamingReadsLazilyAndReturnsTheConnection() throws IOException {
    try (Response r = session.send(Request.get(base + "/stream/20").stream(true).build());
        var lines = r.lines()) {
      assertThat(lines.count()).isEqualTo(20);
    }
    try (Response r = session.send(Request.get(base + "/bytes/50000").stream(true).build());
        var chunks = r.chunks(8192)) {
      assertThat(chunks.mapToInt(b -> b.length).sum()).isEqualTo(50_000);
    }
    try (Response r = session.send(Request.get(base + "/bytes/1000").stream(true).build())) {
      assertThat(r.stream().read(new byte[10])).isPositive(); // then closed half-read: drained or discarded
    }
    assertThat(session.get(base + "/get").statusCode()).isEqualTo(200);
  }

  @Test
  void timeoutsAndConnectFailuresHaveTheirTypes() throws IOException {
    assertThatThrownBy(() -> session.send(Request.get(base + "/delay/3").timeout(Duration.ofMillis(300)).build()))
        .isInstanceOf(ReadTimeoutException.class)
        .hasMessageContaining("read timed out after 300 ms")
        .hasMessageContaining("/delay/3");
    assertThatThrownBy(() -> session.send(Request.get(base + "/delay/3")
            .timeouts(Timeouts.defaults().withTotal(Duration.ofMillis(400))).build()))
        .isInstanceOf(DeadlineExceededException.class)
        .satisfies(e -> assertThat(((DeadlineExceededException) e).mayHaveReachedServer()).isTrue());
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    assertThatThrownBy(() -> session.get("http://127.0.0.1:" + closedPort + "/"))
        .isInstanceOf(ConnectFailedException.class)
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .satisfies(e -> assertThat(((ConnectFailedException) e).mayHaveReachedServer()).isFalse());
  }

  @Test
  void asyncOnVirtualThreads() throws Exception {
    List<CompletableFuture<Response>> futures = new ArrayList<>();
    for (int i = 0; i < 32; i++) futures.add(session.sendAsync(Request.get(base + "/get?i=" + i).build()));
    for (int i = 0; i < 32; i++) assertThat(futures.get(i).get().json().at("/args/i").asText()).isEqualTo("" + i);
  }

  @Test
  void oneLinersUseTheDefaultSession() {
    assertThat(Courier.get(base + "/get").statusCode()).isEqualTo(200);
    assertThat(Courier.head(base + "/get").bytes()).isEmpty();
    assertThat(Courier.post(base + "/post", Body.json(Map.of("k", 1))).json().at("/json/k").asInt()).isEqualTo(1);
    assertThat(Courier.put(base + "/put", Body.text("x")).statusCode()).isEqualTo(200);
    assertThat(Courier.patch(base + "/patch", Body.text("x")).statusCode()).isEqualTo(200);
    assertThat(Courier.delete(base + "/delete").statusCode()).isEqualTo(200);
    assertThat(Courier.options(base + "/get").statusCode()).isLessThan(500);
    assertThat(Courier.request("GET", base + "/get").ok()).isTrue();
  }
}
