package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Auth;
import dev.courier.Body;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording exchanges with a {@link MockServer}, then replaying them with the server gone. */
class CassetteTest {
  @TempDir Path folder;
  private Path file;
  private MockServer server;

  @BeforeEach
  void start() {
    file = folder.resolve("cassettes/users.json");
    server = MockServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Session session(Cassette cassette) {
    return Session.builder().networkInterceptor(cassette.interceptor()).build();
  }

  @Test
  void recordsOnceThenReplaysWithoutTheNetworkThroughTheWholeChain() {
    server.enqueue(MockResponse.builder().status(302).header("Location", "/users?page=2").build());
    server.enqueue(MockResponse.json(Map.of("users", java.util.List.of("ada"))));
    server.enqueue(MockResponse.builder().status(201).header("Set-Cookie", "sid=s3cret; Path=/").build());
    server.enqueue(MockResponse.text("hello again"));
    try (Cassette cassette = Cassette.builder(file).build(); Session session = session(cassette)) {
      assertThat(session.get(server.url("/users")).json().at("/users/0").asText()).isEqualTo("ada");
      assertThat(session.post(server.url("/users"), Body.json(Map.of("name", "Grace"))).statusCode()).isEqualTo(201);
      assertThat(session.get(server.url("/me")).text()).isEqualTo("hello again");
      assertThat(cassette.recordedCount()).isEqualTo(4);
    }
    assertThat(file).exists();
    assertThat(server.requestCount()).isEqualTo(4);
    assertThat(server.receivedRequests().get(3).header("Cookie")).hasValue("sid=s3cret");

    try (Cassette cassette = Cassette.builder(file).build(); Session session = session(cassette)) {
      Response users = session.get(server.url("/users"));
      assertThat(users.json().at("/users/0").asText()).isEqualTo("ada");
      assertThat(users.history()).extracting(Response::statusCode).containsExactly(302); // redirect followed again
      assertThat(session.post(server.url("/users"), Body.json(Map.of("name", "Grace"))).statusCode()).isEqualTo(201);
      assertThat(session.get(server.url("/me")).text()).isEqualTo("hello again");
      assertThat(cassette.playCount()).isEqualTo(4);
      assertThat(cassette.recordedCount()).isZero();
    }
    assertThat(server.requestCount()).isEqualTo(4); // nothing new reached the server
  }

  @Test
  void secretsAreRedactedBeforeWritingAndTheRedactedFileStillReplays() throws IOException {
    server.enqueue(MockResponse.builder().header("Set-Cookie", "session=cookie-secret-1; Path=/; HttpOnly")
        .header("Location", "/next?token=location-secret").body("ok").build());
    server.enqueue(MockResponse.text("second"));
    String url = server.url("/data?api_key=query-secret&page=1");
    try (Cassette cassette = Cassette.builder(file).redactHeader("X-Api-Key").redactQueryParameter("api_key", "token")
        .build();
        Session session = Session.builder().networkInterceptor(cassette.interceptor())
            .auth(Auth.bearer("bearer-secret")).header("X-Api-Key", "header-secret").build()) {
      session.get(url);
      session.send(Request.get(server.url("/other")).basicAuth("ada", "basic-secret").build());
    }
    String written = Files.readString(file);
    assertThat(written).doesNotContain("query-secret", "bearer-secret", "header-secret", "cookie-secret-1",
        "location-secret", "basic-secret", "YWRhOmJhc2ljLXNlY3JldA"); // the last is ada:basic-secret in base64
    assertThat(written).contains("\"Bearer REDACTED\"", "\"Basic REDACTED\"", "\"session=REDACTED; Path=/; HttpOnly\"",
        "\"session=REDACTED\"", "api_key=REDACTED&page=1", "/next?token=REDACTED", "\"X-Api-Key\", \"REDACTED\"");

    try (Cassette cassette = Cassette.builder(file).redactHeader("X-Api-Key").redactQueryParameter("api_key", "token")
        .mode(CassetteMode.NONE).build();
        Session session = Session.builder().networkInterceptor(cassette.interceptor()).build()) {
      assertThat(session.get(url).text()).isEqualTo("ok");
      assertThat(session.get(server.url("/other")).text()).isEqualTo("second");
    }
  }

  @Test
  void replayOnlyFailsNamingTheRequestAndTheNearestEpisode() {
    server.enqueue(MockResponse.text("page 1"));
    try (Cassette cassette = Cassette.builder(file).build(); Session session = session(cassette)) {
      session.get(server.url("/users?page=1"));
    }
    Cassette cassette = Cassette.builder(file).mode(CassetteMode.NONE).build();
    try (Session session = session(cassette)) {
      assertThatThrownBy(() -> session.get(server.url("/users?page=2")))
          .isInstanceOf(AssertionError.class)
          .hasMessage("cassette " + file + " (NONE) has no episode for GET " + server.url("/users?page=2")
              + "\nnearest recorded episode #0: GET " + server.url("/users?page=1")
              + "\n  query: recorded page=1, sent page=2");
      assertThat(session.get(server.url("/users?page=1")).text()).isEqualTo("page 1");
      assertThatThrownBy(() -> session.get(server.url("/users?page=1")))
          .hasMessageContaining("matches, but was already played");
    }
    assertThatThrownBy(cassette::close).isInstanceOf(AssertionError.class)
        .hasMessageContaining("has no episode for GET " + server.url("/users?page=2"));
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void onceReplaysOnlyOnceTheFileExistsAndNoneNeedsTheFile() {
    assertThatThrownBy(() -> Cassette.builder(file).mode(CassetteMode.NONE).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not exist");
    server.enqueue(MockResponse.text("a"));
    try (Cassette cassette = Cassette.builder(file).build(); Session session = session(cassette)) {
      session.get(server.url("/a"));
    }
    try (Session session = session(Cassette.builder(file).build())) {
      assertThatThrownBy(() -> session.get(server.url("/b"))).hasMessageContaining("(ONCE) has no episode");
    }
  }

  @Test
  void newEpisodesAddsWhatTheFileLacksAndAllRecordsAfresh() {
    server.enqueue(MockResponse.text("a1"));
    server.enqueue(MockResponse.text("b1"));
    server.enqueue(MockResponse.text("a2"));
    try (Cassette cassette = Cassette.builder(file).build(); Session session = session(cassette)) {
      session.get(server.url("/a"));
    }
    try (Cassette cassette = Cassette.builder(file).mode(CassetteMode.NEW_EPISODES).build();
        Session session = session(cassette)) {
      assertThat(session.get(server.url("/a")).text()).isEqualTo("a1");
      assertThat(session.get(server.url("/b")).text()).isEqualTo("b1");
    }
    try (Cassette cassette = Cassette.builder(file).mode(CassetteMode.NONE).build();
        Session session = session(cassette)) {
      assertThat(session.get(server.url("/b")).text()).isEqualTo("b1");
      assertThat(session.get(server.url("/a")).text()).isEqualTo("a1");
    }
    try (Cassette cassette = Cassette.builder(file).mode(CassetteMode.ALL).build();
        Session session = session(cassette)) {
      assertThat(session.get(server.url("/a")).text()).isEqualTo("a2");
    }
    try (Session session = session(Cassette.builder(file).mode(CassetteMode.NONE).build())) {
      assertThat(session.get(server.url("/a")).text()).isEqualTo("a2");
      assertThatThrownBy(() -> session.get(server.url("/b"))).isInstanceOf(AssertionError.class);
    }
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void matchingOnTheBodyTellsPostsToOneUrlApart() {
    server.dispatcher(request -> MockResponse.text("hello " + request.bodyText()));
    try (Cassette cassette = Cassette.builder(file).matchOn(Cassette.Match.METHOD, Cassette.Match.URL, Cassette.Match.BODY)
        .build(); Session session = session(cassette)) {
      session.post(server.url("/greet"), Body.text("ada"));
      session.post(server.url("/greet"), Body.text("grace"));
    }
    try (Session session = session(Cassette.builder(file).matchOn(Cassette.Match.METHOD, Cassette.Match.URL,
        Cassette.Match.BODY).build())) {
      assertThat(session.post(server.url("/greet"), Body.text("grace")).text()).isEqualTo("hello grace");
      assertThat(session.post(server.url("/greet"), Body.text("ada")).text()).isEqualTo("hello ada");
      assertThatThrownBy(() -> session.post(server.url("/greet"), Body.text("bob")))
          .hasMessageContaining("body: recorded \"ada\" (3 bytes), sent \"bob\" (3 bytes)");
    }
  }

  @Test
  void compressedAndBinaryBodiesAreBase64AndLargeOnesLiveBesideTheCassette() throws IOException {
    byte[] gzipped = gzip("compressed text".getBytes(StandardCharsets.UTF_8));
    byte[] binary = new byte[] {0, 1, 2, (byte) 0xff};
    byte[] large = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
    server.enqueue(MockResponse.builder().header("Content-Encoding", "gzip").body(gzipped).build());
    server.enqueue(MockResponse.builder().header("Content-Type", "application/octet-stream").body(binary).build());
    server.enqueue(MockResponse.builder().body(large).build());
    try (Cassette cassette = Cassette.builder(file).inlineBodyLimit(4096).build(); Session session = session(cassette)) {
      assertThat(session.get(server.url("/gz")).text()).isEqualTo("compressed text");
      session.get(server.url("/bin"));
      session.post(server.url("/big"), Body.of(new ByteArrayInputStream(large), "text/plain")); // one-shot body
    }
    String written = Files.readString(file);
    assertThat(written).contains("\"base64\" : \"" + java.util.Base64.getEncoder().encodeToString(gzipped) + "\"",
        "\"base64\" : \"AAEC/w==\"", "\"file\" : \"users.json.bodies/2-request.bin\"",
        "\"file\" : \"users.json.bodies/2-response.bin\"");
    assertThat(folder.resolve("cassettes/users.json.bodies/2-response.bin")).hasBinaryContent(large);
    assertThat(server.receivedRequests().get(2).body()).isEqualTo(large); // the one-shot body still went out whole

    try (Session session = session(Cassette.builder(file).mode(CassetteMode.NONE).build())) {
      assertThat(session.get(server.url("/gz")).text()).isEqualTo("compressed text"); // decoded again
      assertThat(session.get(server.url("/bin")).bytes()).isEqualTo(binary);
      assertThat(session.post(server.url("/big"), Body.text("other")).bytes()).isEqualTo(large);
    }
  }

  @Test
  void anAuthChallengeIsAnsweredAgainOnReplay() {
    server.enqueue(MockResponse.builder().status(401)
        .header("WWW-Authenticate", "Digest realm=\"r\", nonce=\"abc\", qop=\"auth\"").build());
    server.enqueue(MockResponse.text("welcome"));
    try (Cassette cassette = Cassette.builder(file).build();
        Session session = Session.builder().networkInterceptor(cassette.interceptor())
            .auth(Auth.digest("ada", "pw")).build()) {
      assertThat(session.get(server.url("/private")).text()).isEqualTo("welcome");
    }
    assertThat(server.receivedRequests().get(1).header("Authorization")).get().asString().startsWith("Digest ");
    try (Cassette cassette = Cassette.builder(file).mode(CassetteMode.NONE).build();
        Session session = Session.builder().networkInterceptor(cassette.interceptor())
            .auth(Auth.digest("ada", "pw")).build()) {
      Response replayed = session.get(server.url("/private"));
      assertThat(replayed.text()).isEqualTo("welcome");
      assertThat(replayed.request().headers().firstValue("Authorization")).get().asString().startsWith("Digest ");
      assertThat(cassette.playCount()).isEqualTo(2);
    }
  }

  @Test
  void asAMountedAdapterEveryNetworkInterceptorRunsOnReplayToo() {
    MockTransport upstream = MockTransport.create().enqueue(MockResponse.text("signed ok"));
    Cassette recording = Cassette.builder(file).matchHeaders("X-Signature").build();
    try (Session session = signed(recording.adapter(upstream))) {
      assertThat(session.get("https://api.test/orders").text()).isEqualTo("signed ok");
    }
    recording.close();
    upstream.assertCalled(RequestPattern.get("/orders").header("X-Signature", "sig:/orders"), 1);

    MockTransport unreachable = MockTransport.create(); // fails any request that reaches it
    Cassette replay = Cassette.builder(file).matchHeaders("X-Signature").mode(CassetteMode.NONE).build();
    try (Session session = signed(replay.adapter(unreachable))) {
      assertThat(session.get("https://api.test/orders").text()).isEqualTo("signed ok");
    }
    replay.close();
    assertThat(unreachable.requestCount()).isZero();
  }

  private static Session signed(dev.courier.Adapter network) {
    return Session.builder().mount("https://", network)
        .networkInterceptor(chain -> chain.proceed(chain.request().newBuilder()
            .header("X-Signature", "sig:" + chain.request().url().path()).build()))
        .build();
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }
}
