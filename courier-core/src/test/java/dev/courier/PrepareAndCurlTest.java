package dev.courier;

import static dev.courier.FakeExchanger.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.courier.http.Headers;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request.removeHeader against session defaults, Session.prepare and toCurl (run by a real curl). */
class PrepareAndCurlTest {
  @Test
  void removeHeaderDropsTheSessionDefaultForOneRequest() {
    FakeExchanger fake = new FakeExchanger(r -> response(200, "ok"));
    try (Session s = Session.builder().exchanger(fake).header("X-Trace", "on").header("X-Keep", "k").build()) {
      s.send(Request.get("http://example.com/").removeHeader("x-trace").build());
      assertThat(fake.last().header("X-Trace")).isNull();
      assertThat(fake.last().header("X-Keep")).isEqualTo("k");
      s.get("http://example.com/");
      assertThat(fake.last().header("X-Trace")).as("only that request").isEqualTo("on");
    }
  }

  @Test
  void removeHeaderDropsCouriersOwnDefaultsButNotHostOrFraming() {
    FakeExchanger fake = new FakeExchanger(r -> response(200, "ok"));
    try (Session s = Session.builder().exchanger(fake).build()) {
      s.send(Request.post("http://example.com/").body(Body.text("hi")).removeHeader("User-Agent")
          .removeHeader("Accept").removeHeader("Accept-Encoding").removeHeader("Host")
          .removeHeader("Content-Length").build());
      Headers sent = fake.last().request().headers();
      assertThat(sent.contains("User-Agent")).isFalse();
      assertThat(sent.contains("Accept")).isFalse();
      assertThat(sent.contains("Accept-Encoding")).isFalse();
      assertThat(sent.firstValue("Host")).contains("example.com");
      assertThat(sent.firstValue("Content-Length")).contains("2");
    }
  }

  @Test
  void aHeaderAddedAfterRemovingItIsSent() {
    Request r = Request.get("http://example.com/").removeHeader("X-A").header("X-A", "mine").build();
    assertThat(r.headers().firstValue("X-A")).contains("mine");
    assertThat(r.removedHeaders()).containsExactly("x-a");
    assertThat(r.newBuilder().build().removedHeaders()).containsExactly("x-a");
  }

  @Test
  void removeHeaderRefusesANameThatIsNotAToken() {
    assertThatThrownBy(() -> Request.get("http://example.com/").removeHeader("Bad Name"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header name");
    assertThatThrownBy(() -> Request.get("http://example.com/").removeHeader(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prepareShowsWhatSendPutsOnTheWire() {
    FakeExchanger fake = new FakeExchanger(r -> response(200, "ok"));
    try (Session s = Session.builder().exchanger(fake).header("X-Default", "d").param("v", 2)
        .auth(Auth.basic("ada", "s3cret")).build()) {
      s.cookies().orElseThrow().setCookie("http://example.com/", "sid=42");
      Request request = Request.post("http://example.com/items").json(Map.of("a", 1)).build();
      PreparedRequest p = s.prepare(request);
      s.send(request);
      assertThat(p.method()).isEqualTo("POST");
      assertThat(p.url().toString()).isEqualTo("http://example.com/items?v=2");
      assertThat(p.headers()).isEqualTo(fake.last().request().headers());
      assertThat(p.headers().firstValue("Authorization")).contains("Basic YWRhOnMzY3JldA==");
      assertThat(p.headers().firstValue("Cookie")).contains("sid=42");
      assertThat(p.headers().firstValue("Content-Length")).contains("7");
      assertThat(p.toString()).doesNotContain("YWRhOnMzY3JldA==").doesNotContain("sid=42");
      assertThat(fake.sent).as("prepare sends nothing").hasSize(1);
    }
  }

  @Test
  void prepareOfAStreamFramesItChunkedWithoutReadingIt() {
    try (Session s = Session.builder().exchanger(new FakeExchanger(r -> response(200, ""))).build()) {
      ByteArrayInputStream in = new ByteArrayInputStream(new byte[10]);
      PreparedRequest p = s.prepare(Request.put("http://example.com/up").body(Body.of(in, "application/octet-stream")).build());
      assertThat(p.headers().firstValue("Transfer-Encoding")).contains("chunked");
      assertThat(p.headers().contains("Content-Length")).isFalse();
      assertThat(in.available()).isEqualTo(10);
      assertThat(p.toCurl()).endsWith("--data-binary @-");
    }
  }

  @Test
  void prepareLeavesDigestAloneUntilTheServerChallenges() {
    try (Session s = Session.builder().exchanger(new FakeExchanger(r -> response(200, ""))).auth(Auth.digest("a", "b")).build()) {
      assertThat(s.prepare(Request.get("http://example.com/").build()).headers().contains("Authorization")).isFalse();
    }
  }

  @Test
  void curlQuotesEverythingAndRedactsSecrets() {
    Request r = Request.post("https://ada:s3cret@[::1]:8443/it's?q=1")
        .header("Authorization", "Bearer t0k3n").header("Cookie", "sid=1").header("X-Empty", "")
        .header("X-Quote", "a'b $(rm -rf /) `x`").body(Body.text("it's $HOME")).build();
    String redacted = r.toCurl();
    assertThat(redacted).startsWith("curl --globoff -X 'POST' 'https://****@[::1]:8443/it'\\''s?q=1'")
        .contains("-H 'Authorization: ****'").contains("-H 'Cookie: ****'").contains("-H 'X-Empty;'")
        .contains("-H 'X-Quote: a'\\''b $(rm -rf /) `x`'").contains("--data-binary 'it'\\''s $HOME'")
        .doesNotContain("t0k3n").doesNotContain("s3cret").doesNotContain("sid=1");
    assertThat(r.toCurl(true)).contains("ada:s3cret@").contains("Bearer t0k3n").contains("sid=1");
    assertThat(Request.get("http://e.com/").build().toCurl()).isEqualTo("curl 'http://e.com/'");
    assertThat(Request.head("http://e.com/").build().toCurl()).isEqualTo("curl --head 'http://e.com/'");
  }

  @Test
  void curlRunsAndDeliversTheSameRequest(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
    AtomicReference<ServerRequest> seen = new AtomicReference<>();
    AtomicReference<byte[]> body = new AtomicReference<>();
    try (HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(req -> {
          body.set(req.bodyBytes());
          seen.set(req);
          return ServerResponse.ok("done");
        }).start();
        Session s = Session.builder().header("X-Default", "d").build()) {
      String base = "http://127.0.0.1:" + server.port();
      byte[] binary = new byte[256];
      for (int i = 0; i < 256; i++) binary[i] = (byte) i;
      List<Request> requests = List.of(
          Request.post(base + "/p?x='1'&y=$z").header("X-Quote", "it's \"q\" $(id) `id` \\n").bearer("t0k3n")
              .cookie("sid", "a'b").body(Body.text("line1\nit's $HOME % \\")).build(),
          Request.put(base + "/bin").body(Body.of(binary, "application/octet-stream")).build(),
          Request.builder("PROPFIND", base + "/dav").build());
      for (Request request : requests) {
        PreparedRequest p = s.prepare(request);
        Process curl = new ProcessBuilder("sh", "-c", p.toCurl(true) + " -s -o /dev/null").redirectErrorStream(true).start();
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).as(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        ServerRequest got = seen.get();
        assertThat(got.method()).isEqualTo(p.method());
        assertThat(got.target()).isEqualTo(p.url().target());
        for (int i = 0; i < p.headers().size(); i++) {
          String name = p.headers().name(i);
          if (name.equalsIgnoreCase("Transfer-Encoding")) continue;
          assertThat(got.headers().allValues(name)).as(name).contains(p.headers().value(i));
        }
        byte[] expected = p.body().map(b -> {
          var out = new java.io.ByteArrayOutputStream();
          try {
            b.writeTo(out);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return out.toByteArray();
        }).orElse(new byte[0]);
        assertThat(body.get()).isEqualTo(expected);
      }
    }
  }
}
