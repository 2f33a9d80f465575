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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

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

  /**
   * Netrc: a file written from fuzzed entries (quoted tokens, any characters) reads back to the
   * same credentials, the first entry per machine winning and {@code default} for other hosts;
   * fuzzed text parses or says which line is wrong, and lookups never throw.
   */
  @FuzzTest(maxDuration = "1m")
  void netrc(FuzzedDataProvider data) {
    Map<String, Netrc.Entry> expected = new LinkedHashMap<>();
    Netrc.Entry expectedDefault = null;
    StringBuilder file = new StringBuilder();
    for (int n = data.consumeInt(0, 4); n > 0; n--) {
      boolean isDefault = data.consumeInt(0, 7) == 0;
      String machine = netrcValue(data);
      Netrc.Entry entry = new Netrc.Entry(netrcValue(data), netrcValue(data), netrcValue(data));
      if (isDefault) {
        file.append("default");
        expectedDefault = entry;
      } else {
        file.append("machine ").append(quote(machine));
        expected.putIfAbsent(machine.toLowerCase(java.util.Locale.ROOT), entry);
      }
      file.append(" login ").append(quote(entry.login())).append(" password ")
          .append(quote(entry.password())).append("\n\taccount ").append(quote(entry.account()))
          .append('\n');
    }
    Netrc written = Netrc.parse(file.toString());
    assertThat(written.machines()).isEqualTo(expected.keySet());
    for (Map.Entry<String, Netrc.Entry> e : expected.entrySet()) {
      assertThat(written.credentials(e.getKey())).contains(e.getValue());
      String upper = e.getKey().toUpperCase(java.util.Locale.ROOT);
      if (upper.toLowerCase(java.util.Locale.ROOT).equals(e.getKey())) { // not for ı, ſ and such
        assertThat(written.credentials(upper)).contains(e.getValue());
      }
    }
    String host = data.consumeString(20);
    Netrc.Entry forHost = expected.get(host.toLowerCase(java.util.Locale.ROOT));
    assertThat(written.credentials(host)).isEqualTo(
        Optional.ofNullable(forHost != null ? forHost : expectedDefault));

    String text = data.consumeRemainingAsString();
    try {
      Netrc n = Netrc.parse(text);
      n.credentials(host);
      for (String m : n.machines()) assertThat(n.credentials(m)).isPresent();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("netrc line ");
    }
  }

  /**
   * A machine name, login, password or account. Not the word {@code macdef}: the tokenizer treats the token
   * after any {@code macdef} token as a macro name, even in a value position (reported).
   */
  private static String netrcValue(FuzzedDataProvider data) {
    String value = data.consumeString(12);
    return value.equals("macdef") ? "macdef_" : value;
  }

  /** A netrc token in double quotes, with backslash escapes for the quote and the backslash. */
  private static String quote(String token) {
    return '"' + token.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
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

  /**
   * Decoding: a fuzzed payload encoded with a coding we can produce here decodes to itself;
   * fuzzed bytes decode to at most the limit, or give an IOException / BodyTooLargeException /
   * HttpProtocolException (ContentDecodingException), nothing else.
   */
  @FuzzTest(maxDuration = "1m")
  void decoding(FuzzedDataProvider data) throws IOException {
    String coding = data.pickValue(new String[] {"gzip", "deflate", "zstd", "identity"});
    byte[] payload = data.consumeBytes(data.consumeInt(0, 4096));
    Optional<InputStream> decoded = ContentDecoders.decode(
        new ByteArrayInputStream(encode(coding, payload)), List.of(coding), 100_000, "http://t/");
    assertThat(decoded).isPresent();
    try (InputStream s = decoded.get()) {
      assertThat(s.readAllBytes()).isEqualTo(payload);
    }

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

  /** RFC 9110 section 8.4.1: gzip, deflate (the zlib format), zstd (RFC 8878), identity. */
  private static byte[] encode(String coding, byte[] payload) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (coding) {
      case "gzip" -> {
        try (OutputStream z = new GZIPOutputStream(out)) {
          z.write(payload);
        }
      }
      case "deflate" -> {
        try (OutputStream z = new DeflaterOutputStream(out)) {
          z.write(payload);
        }
      }
      case "zstd" -> out.writeBytes(com.github.luben.zstd.Zstd.compress(payload));
      default -> out.writeBytes(payload);
    }
    return out.toByteArray();
  }
}
