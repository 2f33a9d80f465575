package dev.courier;

import dev.courier.error.BodyTooLargeException;
import dev.courier.error.HttpProtocolException;
import dev.courier.error.InvalidUrlException;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;
import dev.courier.internal.AuthChallenge;
import dev.courier.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz targets for what this package parses from the network or from files: auth challenges,
 * netrc files, redirect {@code Location}s and compressed bodies. Without {@code JAZZER_FUZZ=1}
 * this replays the saved inputs in {@code src/test/resources/dev/courier/ApiParsersFuzzTestInputs/}.
 */
class ApiParsersFuzzTest {
  private static final List<String> CODINGS = List.of("gzip", "deflate", "br", "zstd", "identity", "x-foo");

  /** Challenges: never throws; schemes and parameter names are tokens, names lower-cased. */
  @FuzzTest(maxDuration = "1m")
  void authChallenges(FuzzedDataProvider data) {
    String header = data.consumeRemainingAsString();
    for (AuthChallenge c : AuthChallenge.parseAll(List.of(header))) {
      assertThat(FieldSyntax.isToken(c.scheme())).isTrue();
      for (String name : c.params().keySet()) {
        assertThat(FieldSyntax.isToken(name)).isTrue();
        assertThat(name).isEqualTo(name.toLowerCase(java.util.Locale.ROOT));
      }
    }
  }

  /** Netrc: parses or says which line is wrong; lookups never throw. */
  @FuzzTest(maxDuration = "1m")
  void netrc(FuzzedDataProvider data) {
    String host = data.consumeString(20);
    String text = data.consumeRemainingAsString();
    try {
      Netrc n = Netrc.parse(text);
      n.credentials(host);
      for (String m : n.machines()) assertThat(n.credentials(m)).isPresent();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("netrc line ");
    }
  }

  /** Redirects: an http(s) URL with a host, or InvalidUrlException; credentials never leave the origin. */
  @FuzzTest(maxDuration = "1m")
  void redirectLocation(FuzzedDataProvider data) {
    int status = data.pickValue(new int[] {301, 302, 303, 307, 308});
    String location = data.consumeRemainingAsString();
    Request sent = Request.get("https://a.test/x/y?q=1").header("Authorization", "Bearer secret")
        .header("Cookie", "c=1").build();
    Headers headers;
    try {
      headers = Headers.of("Location", location);
    } catch (IllegalArgumentException e) {
      return; // not a header value a server can send
    }
    Response response = new Response(sent, status, "", dev.courier.http.wire.HttpVersion.HTTP_1_1, headers, List.of(),
        java.time.Duration.ZERO, ResponseBody.of(new byte[0]), Json.MAPPER);
    Optional<Request> next;
    try {
      next = Redirects.next(sent, response, java.util.Set.of());
    } catch (InvalidUrlException e) {
      return;
    }
    if (next.isEmpty()) return;
    Request r = next.get();
    assertThat(r.url().scheme()).isIn("http", "https");
    assertThat(r.url().host()).isNotEmpty();
    if (Redirects.leavesTrust(sent.url(), r.url())) {
      assertThat(r.headers().contains("Authorization")).isFalse();
      assertThat(r.headers().contains("Cookie")).isFalse();
    }
  }

  /** Decoding: at most the limit, or a BodyTooLargeException / HttpProtocolException (ContentDecodingException); nothing else. */
  @FuzzTest(maxDuration = "1m")
  void decoding(FuzzedDataProvider data) {
    List<String> codings = List.of(data.pickValue(CODINGS), data.pickValue(CODINGS)).subList(0, data.consumeInt(1, 2));
    byte[] body = data.consumeRemainingAsBytes();
    try {
      Optional<InputStream> in = ContentDecoders.decode(new ByteArrayInputStream(body), codings, 100_000, "http://t/");
      if (in.isPresent()) {
        try (InputStream s = in.get()) {
          assertThat(s.readAllBytes().length).isLessThanOrEqualTo(100_000);
        }
      }
    } catch (IOException | BodyTooLargeException | HttpProtocolException expected) {
      // a typed failure: fine
    }
  }
}
