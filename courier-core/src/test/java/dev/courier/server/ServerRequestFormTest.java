package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.cookies.CookieHeader;
import dev.courier.http.FormData;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** {@link ServerRequest#form()}, {@link ServerRequest#multipart()} and {@link ServerRequest#cookies()}. */
class ServerRequestFormTest {
  static ServerRequest post(String contentType, String body) {
    return ServerRequest.builder("POST", "/").header("Content-Type", contentType).body(body).build();
  }

  static ServerRequest post(String contentType, InputStream body) {
    return ServerRequest.builder("POST", "/").header("Content-Type", contentType).body(body, -1).build();
  }

  static void assertStatus(ThrowingCallable call, int status) {
    assertThatThrownBy(call).isInstanceOfSatisfying(HttpResponseException.class,
        e -> assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status));
  }

  /** Hands out at most {@code n} bytes per read, as a slow network does. */
  static InputStream trickle(byte[] bytes, int n) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(n, len));
      }
    };
  }

  // ---- form() ----

  @Test
  void formDecodesFieldsInOrder() {
    FormData form = post("application/x-www-form-urlencoded", "user=ada+l&tag=a&tag=b%26c&empty=&%E2%82%AC=1").form();
    assertThat(form.value("user")).contains("ada l");
    assertThat(form.values("tag")).containsExactly("a", "b&c");
    assertThat(form.value("empty")).contains("");
    assertThat(form.value("€")).contains("1");
  }

  @Test
  void formIsReadOnceAndRemembered() {
    ServerRequest request = post("application/x-www-form-urlencoded; charset=UTF-8", "a=1");
    assertThat(request.form()).isSameAs(request.form());
  }

  @Test
  void formRefusesOtherTypesAndLimits() {
    assertStatus(() -> post("application/json", "{}").form(), 415);
    assertStatus(() -> ServerRequest.builder("POST", "/").body("a=1").build().form(), 415);
    assertStatus(() -> post("application/x-www-form-urlencoded", "a=" + "x".repeat(100))
        .form(FormLimits.defaults().withMaxFormBytes(50)), 413);
    assertStatus(() -> post("application/x-www-form-urlencoded", "a=1&b=2&c=3")
        .form(FormLimits.defaults().withMaxFields(2)), 413);
    // empty pairs ("&&&") are not fields
    assertThat(post("application/x-www-form-urlencoded", "&&a=1&&b=2&&").form(FormLimits.defaults().withMaxFields(2)).size()).isEqualTo(2);
    // chunked (unknown length) past the cap
    assertStatus(() -> post("application/x-www-form-urlencoded", trickle(("a=" + "x".repeat(100)).getBytes(StandardCharsets.US_ASCII), 7))
        .form(FormLimits.defaults().withMaxFormBytes(50)), 413);
  }

  @Test
  void badPercentEncodingIsKeptAsTextNotAnError() {
    assertThat(post("application/x-www-form-urlencoded", "a=%zz%4").form().value("a")).contains("%zz%4");
  }

  @Test
  void formLimitsAreChecked() {
    assertThatThrownBy(() -> FormLimits.defaults().withMaxParts(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FormLimits.defaults().withMaxPartHeaderBytes(1 << 20)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- multipart() ----

  static final String TYPE = "multipart/form-data; boundary=XyZ";

  static String body(String... parts) {
    StringBuilder b = new StringBuilder("preamble is ignored\r\n");
    for (String part : parts) b.append("--XyZ\r\n").append(part).append("\r\n");
    return b.append("--XyZ--\r\nepilogue").toString();
  }

  record Seen(String name, String filename, String type, String text) {}

  static List<Seen> read(ServerRequest request, FormLimits limits) {
    List<Seen> seen = new ArrayList<>();
    for (FormPart part : request.multipart(limits)) {
      seen.add(new Seen(part.name(), part.filename().orElse(null), part.contentType(), part.text()));
    }
    return seen;
  }

  @Test
  void multipartGivesEachPartWithItsHeadersAndContent() {
    String body = body(
        "Content-Disposition: form-data; name=\"title\"\r\n\r\nhello",
        "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".txt\"\r\nContent-Type: text/csv; charset=utf-8\r\n\r\nx,y\r\n1,2\r\n--XyY-not-a-delimiter",
        "content-disposition: FORM-DATA; name=empty\r\n\r\n");
    List<Seen> seen = read(post(TYPE, body), FormLimits.defaults());
    assertThat(seen).containsExactly(
        new Seen("title", null, "text/plain", "hello"),
        new Seen("file", "a \"b\".txt", "text/csv; charset=utf-8", "x,y\r\n1,2\r\n--XyY-not-a-delimiter"),
        new Seen("empty", null, "text/plain", ""));
  }

  @Test
  void multipartIsTheSameReadAByteAtATime() {
    String body = body("Content-Disposition: form-data; name=\"a\"\r\n\r\n" + "\r\n--XyZ".repeat(0) + "data\r\n-\r\n--XyY",
        "Content-Disposition: form-data; name=\"b\"\r\n\r\n" + "z".repeat(50_000));
    List<Seen> whole = read(post(TYPE, body), FormLimits.defaults());
    List<Seen> trickled = read(post(TYPE, trickle(body.getBytes(StandardCharsets.UTF_8), 1)), FormLimits.defaults());
    assertThat(trickled).isEqualTo(whole).hasSize(2);
    assertThat(whole.get(1).text()).hasSize(50_000);
  }

  @Test
  void unreadPartsAreSkippedAndTheirStreamsEnd() throws IOException {
    String body = body("Content-Disposition: form-data; name=\"a\"\r\n\r\n" + "a".repeat(40_000),
        "Content-Disposition: form-data; name=\"b\"\r\n\r\nbee");
    var parts = post(TYPE, body).multipart().iterator();
    FormPart a = parts.next();
    assertThat(a.body().read()).isEqualTo('a');
    FormPart b = parts.next();
    assertThat(a.body().read()).isEqualTo(-1);
    assertThat(b.text()).isEqualTo("bee");
    assertThat(parts.hasNext()).isFalse();
  }

  @Test
  void multipartIteratesOnce() {
    Iterable<FormPart> parts = post(TYPE, body()).multipart();
    assertThat(parts).isEmpty();
    assertThatThrownBy(parts::iterator).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void malformedMultipartIs400() {
    String ok = "Content-Disposition: form-data; name=\"a\"\r\n\r\nv";
    assertStatus(() -> post("multipart/form-data", body(ok)).multipart(), 400); // no boundary
    assertStatus(() -> post("multipart/form-data; boundary=" + "b".repeat(71), body(ok)).multipart(), 400);
    assertStatus(() -> post("text/plain", "x").multipart(), 415);
    assertStatus(() -> read(post(TYPE, "--XyZ\r\n" + ok), FormLimits.defaults()), 400); // no closing delimiter
    assertStatus(() -> read(post(TYPE, "no delimiter at all"), FormLimits.defaults()), 400);
    assertStatus(() -> read(post(TYPE, "--XyZjunk\r\n" + ok + "\r\n--XyZ--"), FormLimits.defaults()), 400);
    assertStatus(() -> read(post(TYPE, body("\r\nno headers")), FormLimits.defaults()), 400);
    assertStatus(() -> read(post(TYPE, body("Content-Disposition: attachment; name=\"a\"\r\n\r\nv")), FormLimits.defaults()), 400);
    assertStatus(() -> read(post(TYPE, body("Content-Disposition: form-data\r\n\r\nv")), FormLimits.defaults()), 400);
    assertStatus(() -> read(post(TYPE, body("Content-Disposition: form-data; name=a\nX: y\r\n\r\nv")), FormLimits.defaults()), 400);
    assertStatus(() -> read(post(TYPE, body("Content-Disposition: form-data; name=a\r\n folded\r\n\r\nv")), FormLimits.defaults()), 400);
    assertStatus(() -> read(post(TYPE, "--XyZ\r\nContent-Disposition: form-data; name=a"), FormLimits.defaults()), 400);
  }

  @Test
  void multipartLimitsAre413() {
    String part = "Content-Disposition: form-data; name=\"a\"\r\n\r\n0123456789";
    assertStatus(() -> read(post(TYPE, body(part, part, part)), FormLimits.defaults().withMaxParts(2)), 413);
    assertThat(read(post(TYPE, body(part, part)), FormLimits.defaults().withMaxParts(2))).hasSize(2);
    assertStatus(() -> read(post(TYPE, body(part)), FormLimits.defaults().withMaxPartBytes(9)), 413);
    assertThat(read(post(TYPE, body(part)), FormLimits.defaults().withMaxPartBytes(10))).hasSize(1);
    assertStatus(() -> read(post(TYPE, body("X-Long: " + "h".repeat(200) + "\r\n" + part)),
        FormLimits.defaults().withMaxPartHeaderBytes(100)), 413);
    assertStatus(() -> read(post(TYPE, trickle(body("X-Long: " + "h".repeat(100_000)).getBytes(StandardCharsets.US_ASCII), 3)),
        FormLimits.defaults()), 413);
    assertStatus(() -> read(post(TYPE, body(part, part, part, part)), FormLimits.defaults().withMaxTotalBytes(100)), 413);
  }

  // ---- cookies() ----

  @Test
  void cookiesKeepOrderAndDuplicates() {
    ServerRequest request = ServerRequest.builder("GET", "/")
        .header("Cookie", "sid=1; theme=dark; sid=2")
        .header("Cookie", "lang=en")
        .build();
    CookieHeader cookies = request.cookies();
    assertThat(cookies.value("sid")).contains("1");
    assertThat(cookies.values("sid")).containsExactly("1", "2");
    assertThat(cookies.pairs()).extracting(CookieHeader.Pair::name).containsExactly("sid", "theme", "sid", "lang");
  }

  @Test
  void noOrBrokenCookieHeaderIsEmpty() {
    assertThat(ServerRequest.builder("GET", "/").build().cookies().isEmpty()).isTrue();
    assertThat(ServerRequest.builder("GET", "/").header("Cookie", ";;; ;").build().cookies().isEmpty()).isTrue();
  }
}
