package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.courier.http.FormData;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the server's form readers: {@link ServerRequest#form(FormLimits)} and the streamed
 * multipart reader behind {@link ServerRequest#multipart(FormLimits)}. Invariants: bad input is a
 * 400/413 {@link HttpResponseException}, never another exception or a hang; the limits hold; the
 * parts read are the same whatever the sizes of the network reads. Without {@code JAZZER_FUZZ=1}
 * it replays the saved inputs in {@code src/test/resources/dev/courier/server/FormParsersFuzzTestInputs/}.
 */
class FormParsersFuzzTest {
  private static final FormLimits LIMITS = FormLimits.defaults().withMaxFields(20).withMaxParts(8)
      .withMaxPartHeaderBytes(512).withMaxPartBytes(4096).withMaxTotalBytes(16_384).withMaxFormBytes(8192);

  @FuzzTest(maxDuration = "2m")
  void urlEncodedForm(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    ServerRequest request = ServerRequest.builder("POST", "/")
        .header("Content-Type", "application/x-www-form-urlencoded").body(body).build();
    try {
      FormData form = request.form(LIMITS);
      assertThat(form.size()).isLessThanOrEqualTo(LIMITS.maxFields());
    } catch (HttpResponseException e) {
      assertThat(e.statusCode()).isEqualTo(413);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void multipartParts(FuzzedDataProvider data) {
    String boundary = data.consumeBoolean() ? "XyZ" : data.consumeAsciiString(72);
    int chunk = data.consumeInt(1, 64);
    byte[] body = data.consumeRemainingAsBytes();
    // A header value cannot hold controls (the server's parser refuses them before any handler), so
    // the boundary keeps its printable characters; quotes and backslashes would end the quoted string.
    String type = "multipart/form-data; boundary=\"" + boundary.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "") + "\"";
    Object whole = read(type, new ByteArrayInputStream(body));
    Object trickled = read(type, trickle(body, chunk));
    assertThat(trickled).isEqualTo(whole);
  }

  /** The parts as (name, filename, content) strings, or the status of the refusal. */
  private static Object read(String type, InputStream body) {
    ServerRequest request = ServerRequest.builder("POST", "/").header("Content-Type", type).body(body, -1).build();
    List<String> parts = new ArrayList<>();
    try {
      for (FormPart part : request.multipart(LIMITS)) {
        byte[] content = part.body().readAllBytes();
        assertThat(content.length).isLessThanOrEqualTo((int) LIMITS.maxPartBytes());
        parts.add(part.name() + "|" + part.filename().orElse("-") + "|" + part.contentType() + "|"
            + new String(content, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
      assertThat(parts.size()).isLessThanOrEqualTo(LIMITS.maxParts());
      return parts;
    } catch (HttpResponseException e) {
      assertThat(e.statusCode()).isIn(400, 413, 415);
      return e.statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream trickle(byte[] bytes, int n) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(n, len));
      }
    };
  }
}
