package dev.courier;

import static dev.courier.FakeExchanger.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.BodyTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** A custom {@link Adapter} mounted on a session sits under the whole chain. */
class AdapterTest {
  /** Records the final requests and answers from a function. */
  private static final class Recording implements Adapter {
    final List<Request> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger closes = new AtomicInteger();
    private final java.util.function.Function<Request, Response> answer;

    Recording(java.util.function.Function<Request, Response> answer) {
      this.answer = answer;
    }

    @Override
    public Response send(Request request, Exchange exchange) {
      seen.add(request);
      return answer.apply(request);
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  private static Response.Builder ok(Request request) {
    return Response.builder().request(request).statusCode(200);
  }

  @Test
  void aMountedAdapterSeesTheFinalRequestAndItsResponseGoesBackThroughTheChain() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("{\"id\": 7}".getBytes(StandardCharsets.UTF_8));
    }
    Recording mock = new Recording(r -> switch (r.url().path()) {
      case "/login" -> ok(r).statusCode(302).header("Location", "/items/7").header("Set-Cookie", "sid=abc; Path=/")
          .build();
      case "/items/7" -> ok(r).header("Content-Encoding", "gzip").header("Content-Type", "application/json")
          .body(gz.toByteArray()).build();
      default -> ok(r).statusCode(404).build();
    });
    try (Session s = Session.builder().header("X-Default", "d").mount("https://api.test/", mock).build()) {
      Response r = s.get("https://api.test/login");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.json().get("id").asInt()).as("decoded by the bridge").isEqualTo(7);
      assertThat(r.url().path()).isEqualTo("/items/7");
      assertThat(r.history()).hasSize(1);
      Request second = mock.seen.get(1);
      assertThat(second.headers().firstValue("Cookie")).as("the cookie the first answer set").hasValue("sid=abc");
      assertThat(second.headers().firstValue("Host")).hasValue("api.test");
      assertThat(second.headers().firstValue("X-Default")).hasValue("d");
      assertThat(second.headers().firstValue("Accept-Encoding")).hasValue(ContentDecoders.acceptEncoding());
    }
    assertThat(mock.closes).as("the session closes its adapters").hasValue(1);
  }

  @Test
  void aRawBodyStreamIsReadOnceAndCappedByTheSession() {
    Adapter raw = (request, exchange) -> ok(request).body(new ByteArrayInputStream(new byte[2048])).build();
    try (Session s = Session.builder().mount("http://raw.test", raw).maxBufferedBody(1024).build()) {
      assertThatThrownBy(() -> s.get("http://raw.test/big")).isInstanceOf(BodyTooLargeException.class);
    }
    try (Session s = Session.builder().mount("http://raw.test", raw).build()) {
      assertThat(s.get("http://raw.test/big").bytes()).hasSize(2048);
    }
  }

  @Test
  void aRedirectIsSentToTheAdapterMountedForItsNewUrl() {
    Recording first = new Recording(r -> ok(r).statusCode(307).header("Location", "https://b.test/here").build());
    Recording second = new Recording(r -> ok(r).body("from b", StandardCharsets.UTF_8).build());
    try (Session s = Session.builder().mount("https://a.test/", first).mount("https://B.TEST/", second).build()) {
      assertThat(s.get("https://a.test/").text()).isEqualTo("from b");
    }
    assertThat(second.seen).singleElement().satisfies(r -> assertThat(r.url().host()).isEqualTo("b.test"));
  }

  @Test
  void aNetworkAdapterMountedWithItsOwnRetryReplacesTheSessionsPolicy() {
    AtomicInteger calls = new AtomicInteger();
    FakeExchanger flaky = new FakeExchanger(r -> calls.incrementAndGet() == 1 ? response(503, "busy") : response(200, "ok"));
    Retry retry = Retry.builder().total(2).statuses(503).backoff(java.time.Duration.ZERO).build();
    try (Session s = Session.builder().sleeper(d -> {}).mount("http://flaky.test/", new NetworkAdapter(flaky, retry))
        .build()) {
      assertThat(s.get("http://flaky.test/x").text()).isEqualTo("ok");
      assertThat(calls).hasValue(2);
      assertThat(s.send(Request.get("http://flaky.test/x").retry(Retry.none()).build()).statusCode())
          .as("a request's own policy still wins").isEqualTo(200);
    }
  }

  @Test
  void aMountReplacesTheAdapterOfTheSamePrefixAndAnEmptyPrefixTheDefault() {
    Recording old = new Recording(r -> ok(r).body("old", StandardCharsets.UTF_8).build());
    Recording everything = new Recording(r -> ok(r).body("all", StandardCharsets.UTF_8).build());
    Recording fresh = new Recording(r -> ok(r).body("new", StandardCharsets.UTF_8).build());
    try (Session s = Session.builder().mount("http://x.test/", old).mount("HTTP://X.test/", fresh)
        .mount("", everything).build()) {
      assertThat(s.get("http://x.test/").text()).isEqualTo("new");
      assertThat(s.get("http://elsewhere.test/").text()).isEqualTo("all");
    }
    assertThat(old.seen).isEmpty();
  }

  @Test
  void anAdapterThatReturnsNothingIsAClearError() {
    try (Session s = Session.builder().mount("http://null.test/", (r, e) -> null).build()) {
      assertThatThrownBy(() -> s.get("http://null.test/")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("returned no response");
    }
  }

  @Test
  void theExchangeCarriesTheAttemptsTimeoutsAndResendRule() {
    List<Adapter.Exchange> exchanges = new CopyOnWriteArrayList<>();
    Adapter a = (r, e) -> {
      exchanges.add(e);
      return ok(r).build();
    };
    Timeouts t = Timeouts.of(java.time.Duration.ofSeconds(3)).withTotal(java.time.Duration.ofSeconds(60));
    try (Session s = Session.builder().timeouts(t).mount("http://t.test/", a).build()) {
      s.get("http://t.test/");
      s.post("http://t.test/", Body.text("x"));
    }
    assertThat(exchanges.get(0).timeouts()).isEqualTo(t);
    assertThat(exchanges.get(0).remaining()).hasValueSatisfying(d -> assertThat(d).isPositive());
    assertThat(exchanges.get(1).resendAllowed()).as("POST is not in the default retry's methods").isFalse();
  }
}
