package dev.courier;

import dev.courier.error.BodyTooLargeException;
import dev.courier.error.ConnectFailedException;
import dev.courier.error.ConnectionException;
import dev.courier.error.CourierException;
import dev.courier.error.DeadlineExceededException;
import dev.courier.error.InvalidUrlException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.TimedOutException;
import static dev.courier.FakeExchanger.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.courier.http.HttpStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The chain (defaults, interceptors, retries, redirects, auth, bridge) over a scripted exchanger. */
class SessionChainTest {
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  private Session.Builder session(FakeExchanger fake) {
    return Session.builder().exchanger(fake).sleeper(sleeps::add)
        .clock(InstantSource.fixed(Instant.parse("2026-11-22T00:00:00Z")));
  }

  private static FakeExchanger fake(Function<Request, dev.courier.client.ClientResponse> handler) {
    return new FakeExchanger(handler);
  }

  @Test
  void bridgeSetsHostFramingAcceptEncodingAndDefaults() {
    FakeExchanger fake = fake(r -> response(200, "ok"));
    try (Session s = session(fake).header("X-Default", "d").header("Accept", "text/plain").build()) {
      s.send(Request.post("http://example.com:8080/p").header("Accept", "application/json")
          .header("Content-Length", "999").json(Map.of("a", 1)).build());
      FakeExchanger.Sent sent = fake.last();
      assertThat(sent.header("Host")).isEqualTo("example.com:8080");
      assertThat(sent.header("Content-Length")).as("computed, never trusted").isEqualTo("7");
      assertThat(sent.header("Content-Type")).isEqualTo("application/json");
      assertThat(sent.header("Accept")).as("the request wins over the session").isEqualTo("application/json");
      assertThat(sent.request().headers().allValues("Accept")).hasSize(1);
      assertThat(sent.header("X-Default")).isEqualTo("d");
      assertThat(sent.header("Accept-Encoding")).isEqualTo(ContentDecoders.acceptEncoding());
      assertThat(sent.header("User-Agent")).isEqualTo(Session.DEFAULT_USER_AGENT);
      assertThat(sent.bodyText()).isEqualTo("{\"a\":1}");

      s.send(Request.post("http://example.com/p").body(Body.of(new ByteArrayInputStream(new byte[3]), null)).build());
      assertThat(fake.last().header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(fake.last().header("Content-Length")).isNull();

      s.send(Request.post("http://example.com/p").build());
      assertThat(fake.last().header("Content-Length")).isEqualTo("0");
      s.get("http://example.com/g");
      assertThat(fake.last().header("Content-Length")).isNull();
    }
  }

  @Test
  void responsesAreBufferedAndConnectionsReleased() {
    FakeExchanger fake = fake(r -> response(200, "{\"name\":\"Ada\",\"langs\":[\"en\",\"fr\"]}",
        "Content-Type", "application/json"));
    try (Session s = session(fake).build()) {
      Response r = s.get("http://example.com/");
      assertThat(fake.openBodies).hasValue(0);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.status()).contains(HttpStatus.OK);
      assertThat(r.ok()).isTrue();
      assertThat(r.json().get("name").asText()).isEqualTo("Ada");
      record Person(String name, List<String> langs) {}
      assertThat(r.json(Person.class)).isEqualTo(new Person("Ada", List.of("en", "fr")));
      assertThat(r.json(new TypeReference<Map<String, Object>>() {})).containsKey("langs");
      assertThat(r.text()).startsWith("{\"name\"");
      assertThat(r.bytes()).hasSize(r.text().length());
      assertThat(r.elapsed().isNegative()).isFalse();
      assertThat(r.toString()).isEqualTo("Response[200 OK, GET http://example.com/]");
    }
  }

  @Test
  void gzipIsDecodedTransparentlyButNotWhenTheCallerAskedForAnEncoding() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("hello gzip".getBytes(StandardCharsets.UTF_8));
    }
    byte[] compressed = gz.toByteArray();
    FakeExchanger fake = fake(r -> response(200, compressed, "Content-Encoding", "gzip"));
    try (Session s = session(fake).build()) {
      assertThat(s.get("http://example.com/").text()).isEqualTo("hello gzip");
      Response raw = s.send(Request.get("http://example.com/").header("Accept-Encoding", "gzip").build());
      assertThat(raw.bytes()).isEqualTo(compressed);
      Response head = s.head("http://example.com/");
      assertThat(head.bytes()).isEmpty();
    }
  }

  @Test
  void decompressionBombsStopAtTheSessionCap() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(new byte[2_000_000]);
    }
    byte[] bomb = gz.toByteArray();
    FakeExchanger fake = fake(r -> response(200, bomb, "Content-Encoding", "gzip"));
    try (Session s = session(fake).maxDecodedBody(100_000).build()) {
      assertThatThrownBy(() -> s.get("http://example.com/"))
          .isInstanceOf(BodyTooLargeException.class).hasMessageContaining("100000");
      assertThat(fake.openBodies).hasValue(0);
    }
    try (Session s = session(fake).maxBufferedBody(50_000).build()) {
      assertThatThrownBy(() -> s.get("http://example.com/"))
          .isInstanceOf(BodyTooLargeException.class).hasMessageContaining("buffered");
      // streaming is not capped by the buffered limit
      try (Response r = s.send(Request.get("http://example.com/").stream(true).build())) {
        assertThat(r.stream().readAllBytes()).hasSize(2_000_000);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void redirectMethodRulesFollowRfc9110() {
    for (int status : new int[] {301, 302, 303, 307, 308}) {
      FakeExchanger fake = fake(r -> r.url().path().equals("/start")
          ? response(status, "moved", "Location", "/next")
          : response(200, "done"));
      try (Session s = session(fake).build()) {
        Response r = s.send(Request.post("http://example.com/start").form(Map.of("secret", "1"))
            .header("Content-Language", "en").build());
        FakeExchanger.Sent second = fake.last();
        boolean keeps = status == 307 || status == 308;
        assertThat(second.request().method()).as("%d", status).isEqualTo(keeps ? "POST" : "GET");
        assertThat(second.bodyText()).as("%d", status).isEqualTo(keeps ? "secret=1" : "");
        assertThat(second.header("Content-Type")).as("%d", status).isEqualTo(keeps ? "application/x-www-form-urlencoded" : null);
        assertThat(second.header("Content-Language")).as("%d", status).isEqualTo(keeps ? "en" : null);
        assertThat(second.header("Content-Length")).as("%d", status).isEqualTo(keeps ? "8" : null);
        assertThat(r.url().toString()).isEqualTo("http://example.com/next");
        assertThat(r.history()).hasSize(1);
        assertThat(r.history().get(0).statusCode()).isEqualTo(status);
        assertThat(fake.openBodies).hasValue(0);
      }
    }
  }

  @Test
  void a303KeepsHeadAndPutBecomesGet() {
    FakeExchanger fake = fake(r -> r.url().path().equals("/a") ? response(303, "", "Location", "/b") : response(200, ""));
    try (Session s = session(fake).build()) {
      s.send(Request.put("http://h/a").body(Body.text("x")).build());
      assertThat(fake.last().request().method()).isEqualTo("GET");
      s.send(Request.head("http://h/a").followRedirects(true).build());
      assertThat(fake.last().request().method()).isEqualTo("HEAD");
    }
  }

  @Test
  void headIsNotFollowedUnlessAsked() {
    FakeExchanger fake = fake(r -> response(302, "", "Location", "/elsewhere"));
    try (Session s = session(fake).build()) {
      assertThat(s.head("http://h/").statusCode()).isEqualTo(302);
      assertThat(fake.sent).hasSize(1);
    }
  }

  @Test
  void credentialsNeverCrossOriginsOrDowngrade() {
    List<String> targets = List.of(
        "http://other.test/x",          // host change
        "http://h.test:8080/x",         // port change
        "https://h.test/x");            // scheme change (upgrade is still another origin)
    for (String target : targets) {
      FakeExchanger fake = fake(r -> r.url().host().equals("h.test") && r.url().port() == 80
          ? response(302, "", "Location", target)
          : response(200, "ok"));
      try (Session s = session(fake).originScopedHeader("X-Api-Key").build()) {
        s.send(Request.get("http://u:pw@h.test/").header("Cookie", "mine=1").header("X-Api-Key", "k")
            .header("Proxy-Authorization", "Basic cHJveHk6cHc=").header("X-Keep", "1").build());
        FakeExchanger.Sent first = fake.sent.get(0);
        assertThat(first.header("Authorization")).isEqualTo(BasicAuth.value("u", "pw"));
        assertThat(first.request().url().username()).as("user-info is not sent in the URL").isEmpty();
        FakeExchanger.Sent hop = fake.last();
        assertThat(hop.request().url().toString()).isEqualTo(target);
        assertThat(hop.header("Authorization")).as(target).isNull();
        assertThat(hop.header("Proxy-Authorization")).as(target).isNull();
        assertThat(hop.header("Cookie")).as(target).isNull();
        assertThat(hop.header("X-Api-Key")).as(target).isNull();
        assertThat(hop.header("X-Keep")).isEqualTo("1");
      }
    }
  }

  @Test
  void httpsToHttpDowngradeStripsAndTheStripIsSticky() {
    FakeExchanger fake = fake(r -> switch (r.url().toString()) {
      case "https://h.test/a" -> response(302, "", "Location", "http://h.test/b");
      case "http://h.test/b" -> response(302, "", "Location", "https://h.test/c");
      default -> response(200, "");
    });
    try (Session s = session(fake).auth(Auth.bearer("t0ken")).build()) {
      s.get("https://h.test/a");
      assertThat(fake.sent.get(0).header("Authorization")).isEqualTo("Bearer t0ken");
      assertThat(fake.sent.get(1).header("Authorization")).isNull();
      assertThat(fake.sent.get(2).header("Authorization")).as("once dropped, never restored in this call").isNull();
      s.get("https://h.test/c");
      assertThat(fake.last().header("Authorization")).isEqualTo("Bearer t0ken");
    }
  }

  @Test
  void sameOriginRedirectKeepsCredentials() {
    FakeExchanger fake = fake(r -> r.url().path().equals("/a")
        ? response(301, "", "Location", "http://h.test:80/b") : response(200, ""));
    try (Session s = session(fake).auth(Auth.basic("u", "p")).build()) {
      s.get("http://h.test/a");
      assertThat(fake.last().header("Authorization")).isEqualTo(BasicAuth.value("u", "p"));
    }
  }

  @Test
  void redirectLimitAndBadLocations() {
    FakeExchanger loop = fake(r -> response(302, "", "Location", "/again"));
    try (Session s = session(loop).build()) {
      assertThatThrownBy(() -> s.get("http://h.test/"))
          .isInstanceOf(TooManyRedirectsException.class)
          .hasMessageContaining("30")
          .satisfies(e -> assertThat(((TooManyRedirectsException) e).history()).hasSize(31));
      assertThat(loop.sent).hasSize(31);
      assertThat(loop.openBodies).hasValue(0);
    }
    try (Session s = session(loop).maxRedirects(2).build()) {
      assertThatThrownBy(() -> s.get("http://h.test/")).isInstanceOf(TooManyRedirectsException.class);
    }
    for (String location : List.of("file:///etc/passwd", "ftp://x/", "javascript:alert(1)", "http://a b/")) {
      FakeExchanger bad = fake(r -> response(302, "", "Location", location));
      try (Session s = session(bad).build()) {
        assertThatThrownBy(() -> s.get("http://h.test/")).as(location).isInstanceOf(InvalidUrlException.class);
        assertThat(bad.sent).hasSize(1);
      }
    }
    FakeExchanger relative = fake(r -> r.url().path().equals("/") ? response(302, "", "Location", "//other.test:81/x?q=1")
        : response(200, ""));
    try (Session s = session(relative).build()) {
      assertThat(s.get("http://h.test/").url().toString()).isEqualTo("http://other.test:81/x?q=1");
    }
  }

  @Test
  void oneShotBodiesAreNotReplayedOn307() {
    FakeExchanger fake = fake(r -> response(307, "", "Location", "/next"));
    try (Session s = session(fake).build()) {
      assertThatThrownBy(() -> s.send(Request.post("http://h/").body(Body.of(new ByteArrayInputStream(new byte[1]), null)).build()))
          .isInstanceOf(CourierException.class).hasMessageContaining("one-shot");
    }
  }

  @Test
  void retriesStatusesWithBackoffAndRetryAfterAndTellsHooks() {
    AtomicInteger calls = new AtomicInteger();
    FakeExchanger fake = fake(r -> switch (calls.incrementAndGet()) {
      case 1 -> response(503, "busy", "Retry-After", "7");
      case 2 -> response(429, "slow down");
      default -> response(200, "ok");
    });
    List<String> events = new ArrayList<>();
    Hook hook = new Hook() {
      @Override
      public void onRetry(Request request, int retry, Duration wait, String why) {
        events.add(retry + ":" + wait.toMillis() + ":" + why);
      }
    };
    try (Session s = session(fake).retry(Retry.builder().jitter(0).build()).hook(hook).build()) {
      Response r = s.get("http://h/");
      assertThat(r.text()).isEqualTo("ok");
      assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(1));
      assertThat(events).containsExactly("1:7000:status 503", "2:1000:status 429");
      assertThat(fake.openBodies).hasValue(0);
    }
  }

  @Test
  void postIsNotRetriedOnStatusButIsRetriedWhenTheConnectFailed() {
    FakeExchanger busy = fake(r -> response(503, "busy"));
    try (Session s = session(busy).retry(Retry.defaults()).build()) {
      assertThat(s.post("http://h/", Body.text("x")).statusCode()).isEqualTo(503);
      assertThat(busy.sent).hasSize(1);
    }
    AtomicInteger calls = new AtomicInteger();
    FakeExchanger flaky = new FakeExchanger(r -> response(200, "ok")) {
      @Override
      public dev.courier.client.ClientResponse exchange(Request request, Timeouts timeouts, Watchdog watchdog, boolean resendAllowed) {
        if (calls.incrementAndGet() < 3) throw new ConnectFailedException("connect failed", "http://h/", null);
        return super.exchange(request, timeouts, watchdog, resendAllowed);
      }
    };
    try (Session s = session(flaky).retry(Retry.builder().jitter(0).build()).build()) {
      assertThat(s.post("http://h/", Body.text("x")).text()).isEqualTo("ok");
      assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }
    FakeExchanger timesOut = new FakeExchanger(r -> response(200, "ok")) {
      @Override
      public dev.courier.client.ClientResponse exchange(Request request, Timeouts timeouts, Watchdog watchdog, boolean resendAllowed) {
        throw new ReadTimeoutException("http://h/", timeouts.read(), null);
      }
    };
    try (Session s = session(timesOut).retry(Retry.defaults()).build()) {
      assertThatThrownBy(() -> s.post("http://h/", Body.text("x"))).isInstanceOf(ReadTimeoutException.class);
      assertThatThrownBy(() -> s.get("http://h/")).isInstanceOf(ReadTimeoutException.class);
    }
  }

  @Test
  void onlyMethodsTheRetryPolicyAllowsMayBeResentOnAStaleConnection() {
    FakeExchanger ok = fake(r -> response(200, "ok"));
    try (Session s = session(ok).build()) { // Retry.none(): its methods are the idempotent ones
      s.get("http://h/");
      s.put("http://h/", Body.text("x"));
      s.post("http://h/", Body.text("x"));
      s.send(Request.patch("http://h/").body(Body.text("x")).build());
      assertThat(ok.sent).extracting(FakeExchanger.Sent::resendAllowed).containsExactly(true, true, false, false);
    }
    FakeExchanger allowed = fake(r -> response(200, "ok"));
    try (Session s = session(allowed).retry(Retry.none().toBuilder().anyMethod().build()).build()) {
      s.post("http://h/", Body.text("x"));
      s.send(Request.post("http://h/").body(Body.text("x")).retry(Retry.none()).build()); // the request's own policy wins
      assertThat(allowed.sent).extracting(FakeExchanger.Sent::resendAllowed).containsExactly(true, false);
    }
  }

  @Test
  void totalDeadlineBoundsRetries() {
    FakeExchanger busy = fake(r -> response(503, "", "Retry-After", "60"));
    try (Session s = session(busy).retry(Retry.defaults())
        .timeouts(Timeouts.defaults().withTotal(Duration.ofSeconds(5))).build()) {
      // a 60 s Retry-After cannot fit in a 5 s deadline: the 503 is returned, not waited for
      assertThat(s.get("http://h/").statusCode()).isEqualTo(503);
      assertThat(sleeps).isEmpty();
    }
  }

  @Test
  void theDeadlineAbortsAnExchangeThatOutlivesIt() {
    FakeExchanger stalls = new FakeExchanger(r -> response(200, "")) {
      @Override
      public dev.courier.client.ClientResponse exchange(Request request, Timeouts timeouts, Watchdog watchdog, boolean resendAllowed) {
        java.util.concurrent.CountDownLatch aborted = new java.util.concurrent.CountDownLatch(1);
        watchdog.guard(aborted::countDown); // what closing the connection would do
        try {
          if (!aborted.await(30, java.util.concurrent.TimeUnit.SECONDS)) throw new AssertionError("never aborted");
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        throw new ConnectionException("socket closed", "http://h/", true, null);
      }
    };
    try (Session s = session(stalls).timeouts(Timeouts.defaults().withTotal(Duration.ofMillis(500))).build()) {
      assertThatThrownBy(() -> s.get("http://h/"))
          .isInstanceOf(DeadlineExceededException.class)
          .isInstanceOf(TimedOutException.class)
          .hasMessageContaining("total deadline exceeded after 500 ms")
          .satisfies(e -> assertThat(((DeadlineExceededException) e).mayHaveReachedServer()).isTrue());
    }
  }

  @Test
  void digestAuthAnswersTheChallengeThenCountsNonces() {
    FakeExchanger fake = fake(r -> {
      String auth = r.headers().firstValue("Authorization").orElse("");
      if (!auth.startsWith("Digest ")) {
        return response(401, "", "WWW-Authenticate",
            "Digest realm=\"test\", qop=\"auth\", nonce=\"abc\", opaque=\"xyz\", algorithm=SHA-256");
      }
      return response(200, "in");
    });
    try (Session s = session(fake).auth(Auth.digest("ada", "pw")).build()) {
      assertThat(s.get("http://h/secret").text()).isEqualTo("in");
      assertThat(fake.sent).hasSize(2);
      String first = fake.sent.get(1).header("Authorization");
      assertThat(first).contains("username=\"ada\"", "realm=\"test\"", "uri=\"/secret\"", "algorithm=SHA-256",
          "nc=00000001", "qop=auth", "opaque=\"xyz\"");
      s.get("http://h/again");
      assertThat(fake.sent).as("pre-emptive once the challenge is known").hasSize(3);
      assertThat(fake.last().header("Authorization")).contains("nc=00000002", "uri=\"/again\"");
    }
  }

  @Test
  void wrongDigestPasswordReturnsThe401() {
    FakeExchanger fake = fake(r -> response(401, "", "WWW-Authenticate", "Digest realm=\"r\", nonce=\"n\", qop=\"auth\""));
    try (Session s = session(fake).auth(Auth.digest("ada", "wrong")).build()) {
      assertThat(s.get("http://h/").statusCode()).isEqualTo(401);
      assertThat(fake.sent).hasSize(2);
    }
  }

  @Test
  void staleNonceIsRenewedOnce() {
    AtomicInteger calls = new AtomicInteger();
    FakeExchanger fake = fake(r -> switch (calls.incrementAndGet()) {
      case 1 -> response(401, "", "WWW-Authenticate", "Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"");
      case 2 -> response(401, "", "WWW-Authenticate", "Digest realm=\"r\", nonce=\"n2\", qop=\"auth\", stale=true");
      default -> response(200, "ok");
    });
    try (Session s = session(fake).auth(Auth.digest("ada", "pw")).build()) {
      assertThat(s.get("http://h/").statusCode()).isEqualTo(200);
      assertThat(fake.last().header("Authorization")).contains("nonce=\"n2\"", "nc=00000001");
    }
  }

  @Test
  void interceptorsRunFirstInOrderAndHooksSeeEveryAttempt() {
    FakeExchanger fake = fake(r -> r.url().path().equals("/a") ? response(302, "", "Location", "/b") : response(200, ""));
    List<String> order = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    try (Session s = session(fake)
        .interceptor(chain -> {
          order.add("outer");
          return chain.proceed(chain.request().newBuilder().header("X-Signed", "1").build());
        })
        .interceptor(chain -> {
          order.add("inner:" + chain.request().headers().firstValue("X-Signed").orElse("-"));
          return chain.proceed(chain.request());
        })
        .hook(new Hook() {
          @Override
          public void onRequest(Request request) {
            seen.add(request.url().path());
          }

          @Override
          public void onRedirect(Response redirect, Request next) {
            seen.add("redirect->" + next.url().path());
          }
        })
        .build()) {
      s.get("http://h/a");
      assertThat(order).containsExactly("outer", "inner:1");
      assertThat(seen).containsExactly("/a", "redirect->/b", "/b");
      assertThat(fake.last().header("X-Signed")).isEqualTo("1");
    }
  }

  @Test
  void raiseForStatusCarriesTheResponseAndARedactedSnippet() {
    FakeExchanger fake = fake(r -> response(403, "{\"error\": \"denied\",\n \"access_token\": \"s3cr3t\"}",
        "Content-Type", "application/json"));
    try (Session s = session(fake).build()) {
      Response r = s.get("http://h/x");
      assertThat(r.ok()).isFalse();
      assertThatThrownBy(r::raiseForStatus)
          .isInstanceOf(HttpStatusException.class)
          .hasMessageStartingWith("403 Forbidden for GET: {\"error\": \"denied\", \"access_token\": \"****\"} (http://h/x)")
          .satisfies(e -> assertThat(((HttpStatusException) e).response()).isSameAs(r))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }
    FakeExchanger ok = fake(r -> response(204, ""));
    try (Session s = session(ok).build()) {
      Response r = s.get("http://h/");
      assertThat(r.raiseForStatus()).isSameAs(r);
    }
  }

  @Test
  void unregisteredStatusesStillWork() {
    FakeExchanger fake = fake(r -> new dev.courier.client.ClientResponse(299, "Odd", dev.courier.http.wire.HttpVersion.HTTP_1_1, dev.courier.http.Headers.empty(),
        InputStream.nullInputStream()));
    try (Session s = session(fake).build()) {
      Response r = s.get("http://h/");
      assertThat(r.statusCode()).isEqualTo(299);
      assertThat(r.status()).isEmpty();
      assertThat(r.reason()).isEqualTo("Odd");
    }
  }

  @Test
  void streamingLinesAndChunks() throws IOException {
    FakeExchanger fake = fake(r -> response(200, "one\ntwo\r\nthree", "Content-Type", "text/plain; charset=utf-8"));
    try (Session s = session(fake).build()) {
      try (Response r = s.send(Request.get("http://h/").stream(true).build())) {
        assertThat(fake.openBodies).as("still on the connection").hasValue(1);
        try (var lines = r.lines()) {
          assertThat(lines.toList()).containsExactly("one", "two", "three");
        }
      }
      assertThat(fake.openBodies).hasValue(0);
      try (Response r = s.send(Request.get("http://h/").stream(true).build());
          var chunks = r.chunks(4)) {
        assertThat(chunks.map(b -> new String(b, StandardCharsets.UTF_8)).toList())
            .containsExactly("one\n", "two\r", "\nthr", "ee");
      }
      try (Response r = s.send(Request.get("http://h/").stream(true).build())) {
        InputStream in = r.stream();
        assertThat(in.read()).isEqualTo('o');
        assertThatThrownBy(r::stream).isInstanceOf(IllegalStateException.class);
      }
      assertThat(fake.openBodies).hasValue(0);
    }
  }

  @Test
  void encodingCanBeSetLikeRequests() {
    byte[] latin = "café".getBytes(StandardCharsets.ISO_8859_1);
    FakeExchanger fake = fake(r -> response(200, latin, "Content-Type", "text/plain"));
    try (Session s = session(fake).build()) {
      Response r = s.get("http://h/");
      assertThat(r.encoding()).isEmpty();
      assertThat(r.text()).isEqualTo("café"); // not UTF-8: windows-1252 fallback
      assertThat(r.encoding(StandardCharsets.UTF_8).text()).contains("\uFFFD");
      assertThat(r.encoding()).contains(StandardCharsets.UTF_8);
    }
  }

  @Test
  void sessionParamsAndUserInfo() {
    FakeExchanger fake = fake(r -> response(200, ""));
    try (Session s = session(fake).param("api", "v2").build()) {
      s.get("http://h/x", Map.of("q", "1"));
      assertThat(fake.last().request().url().toString()).isEqualTo("http://h/x?q=1&api=v2");
      s.get("http://h/x?api=v3");
      assertThat(fake.last().request().url().toString()).as("the request's own value wins").isEqualTo("http://h/x?api=v3");
    }
  }

  @Test
  void sendAsyncRunsOnVirtualThreads() throws Exception {
    List<Boolean> virtual = new CopyOnWriteArrayList<>();
    FakeExchanger fake = fake(r -> {
      virtual.add(Thread.currentThread().isVirtual());
      return response(200, "async");
    });
    try (Session s = session(fake).build()) {
      var futures = new ArrayList<java.util.concurrent.CompletableFuture<Response>>();
      for (int i = 0; i < 20; i++) futures.add(s.sendAsync(Request.get("http://h/" + i).build()));
      for (var f : futures) assertThat(f.get().text()).isEqualTo("async");
      assertThat(virtual).hasSize(20).containsOnly(true);
    }
    Session closed = session(fake).build();
    closed.close();
    assertThatThrownBy(() -> closed.get("http://h/")).isInstanceOf(IllegalStateException.class);
  }
}
