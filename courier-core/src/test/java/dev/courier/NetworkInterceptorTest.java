package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.HttpStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Interceptors that answer with a built response, never calling {@code proceed}. No server runs:
 * the host is under {@code .invalid} (RFC 6761, Section 6.4), so a request that reached the
 * network would fail to resolve instead of passing.
 */
class NetworkInterceptorTest {
  private static final String BASE = "http://api.offline.invalid";

  private static Response json(Request request, String json) {
    return Response.builder().request(request).header("Content-Type", "application/json")
        .body(json, StandardCharsets.UTF_8).build();
  }

  @Test
  void aNetworkInterceptorAnswersWithJsonReadByJson() {
    Interceptor mock = chain -> json(chain.request(), "{\"id\": 7, \"name\": \"seven\"}");
    try (Session s = Session.builder().networkInterceptor(mock).build()) {
      Response r = s.get(BASE + "/items/7");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.json().get("id").asInt()).isEqualTo(7);
      assertThat(r.json().get("name").asText()).isEqualTo("seven");
      assertThat(r.url().toString()).isEqualTo(BASE + "/items/7");
    }
  }

  @Test
  void anApplicationInterceptorAnswersAndItsResponseIsReturnedAsItIs() {
    Interceptor cache = chain -> json(chain.request(), "[1, 2, 3]");
    try (Session s = Session.builder().interceptor(cache).build()) {
      assertThat(s.get(BASE + "/list").json().size()).isEqualTo(3);
    }
  }

  @Test
  void aNetworkInterceptorSeesTheRequestAsTheBridgeMadeIt() {
    List<Request> seen = new CopyOnWriteArrayList<>();
    Interceptor mock = chain -> {
      seen.add(chain.request());
      return Response.builder().request(chain.request()).build();
    };
    try (Session s = Session.builder().networkInterceptor(mock).build()) {
      s.get(BASE + "/");
    }
    assertThat(seen).singleElement().satisfies(r -> {
      assertThat(r.headers().firstValue("Host")).contains("api.offline.invalid");
      assertThat(r.headers().contains("Accept-Encoding")).isTrue();
    });
  }

  @Test
  void aStreamedBodyIsReadAsItComesAndClosedWithTheResponse() {
    AtomicBoolean closed = new AtomicBoolean();
    Interceptor mock = chain -> Response.builder().request(chain.request())
        .header("Content-Type", "text/plain; charset=utf-8")
        .body(new ByteArrayInputStream("first\nsecond\nthird\n".getBytes(StandardCharsets.UTF_8)) {
          @Override
          public void close() throws IOException {
            closed.set(true);
            super.close();
          }
        })
        .build();
    try (Session s = Session.builder().networkInterceptor(mock).build();
        Response r = s.send(Request.get(BASE + "/log").stream(true).build())) {
      assertThat(closed).isFalse(); // not buffered: still to be read
      assertThat(r.lines().filter(l -> l.startsWith("s"))).containsExactly("second");
      r.close();
      assertThat(closed).isTrue();
    }
  }

  @Test
  void aBuiltRedirectIsFollowedThroughTheInterceptorAndKeptInHistory() {
    List<Response> redirects = new CopyOnWriteArrayList<>();
    Interceptor mock = chain -> {
      Request req = chain.request();
      if (req.url().path().equals("/old")) {
        return Response.builder().request(req).status(HttpStatus.FOUND).header("Location", "/new").build();
      }
      return Response.builder().request(req).body("moved here", StandardCharsets.UTF_8).build();
    };
    Hook hook = new Hook() {
      @Override
      public void onRedirect(Response redirect, Request next) {
        redirects.add(redirect);
      }
    };
    try (Session s = Session.builder().networkInterceptor(mock).hook(hook).build()) {
      Response r = s.get(BASE + "/old");
      assertThat(r.text()).isEqualTo("moved here");
      assertThat(r.url().toString()).isEqualTo(BASE + "/new");
      assertThat(r.history()).singleElement().satisfies(h -> {
        assertThat(h.statusCode()).isEqualTo(302);
        assertThat(h.url().toString()).isEqualTo(BASE + "/old");
      });
      assertThat(redirects).hasSize(1);
    }
  }

  @Test
  void setCookieFromABuiltResponseLandsInTheJarAndIsSentNextTime() {
    List<String> cookieHeaders = new CopyOnWriteArrayList<>();
    Interceptor mock = chain -> {
      cookieHeaders.add(chain.request().headers().firstValue("Cookie").orElse(""));
      return Response.builder().request(chain.request()).header("Set-Cookie", "session=abc; Path=/").build();
    };
    try (Session s = Session.builder().networkInterceptor(mock).build()) {
      s.get(BASE + "/login");
      s.get(BASE + "/me");
      assertThat(s.cookies().orElseThrow().cookieHeader(BASE + "/")).isEqualTo("session=abc");
    }
    assertThat(cookieHeaders).containsExactly("", "session=abc");
  }

  @Test
  void aBuiltRetryableStatusIsRetriedAndHooksSeeEachResponse() {
    AtomicInteger attempts = new AtomicInteger();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    Interceptor flaky = chain -> attempts.incrementAndGet() == 1
        ? Response.builder().request(chain.request()).status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
            .build()
        : Response.builder().request(chain.request()).body("up", StandardCharsets.UTF_8).build();
    Hook hook = new Hook() {
      @Override
      public void onResponse(Request request, Response response) {
        seen.add(response.statusCode());
      }
    };
    try (Session s = Session.builder().networkInterceptor(flaky).hook(hook).retry(Retry.defaults())
        .sleeper(sleeps::add).build()) {
      assertThat(s.get(BASE + "/").text()).isEqualTo("up");
    }
    assertThat(attempts).hasValue(2);
    assertThat(seen).containsExactly(503, 200);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void aBuiltGzipBodyIsDecodedAsOneFromTheNetwork() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write("plain text".getBytes(StandardCharsets.UTF_8));
    }
    Interceptor mock = chain -> Response.builder().request(chain.request()).header("Content-Encoding", "gzip")
        .body(zipped.toByteArray()).build();
    try (Session s = Session.builder().networkInterceptor(mock).build()) {
      assertThat(s.get(BASE + "/").text()).isEqualTo("plain text");
    }
  }

  @Test
  void raiseForStatusOnABuilt404() {
    Interceptor mock = chain -> Response.builder().request(chain.request()).status(HttpStatus.NOT_FOUND)
        .body("{\"error\": \"no such item\"}", StandardCharsets.UTF_8).build();
    try (Session s = Session.builder().networkInterceptor(mock).build()) {
      Response r = s.get(BASE + "/items/404");
      assertThat(r.status()).contains(HttpStatus.NOT_FOUND);
      assertThatThrownBy(r::raiseForStatus).isInstanceOfSatisfying(HttpStatusException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.response().text()).contains("no such item");
      });
    }
  }

  @Test
  void anInterceptorThatReturnsNullIsNamed() {
    Interceptor broken = new Interceptor() {
      @Override
      public Response intercept(Chain chain) {
        return null;
      }

      @Override
      public String toString() {
        return "Broken";
      }
    };
    try (Session s = Session.builder().networkInterceptor(broken).build()) {
      assertThatThrownBy(() -> s.get(BASE + "/")).isInstanceOf(IllegalStateException.class)
          .hasMessage("interceptor Broken returned null instead of a response");
    }
  }
}
