package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyTest {
  static String written(Body body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textIsUtf8WithCharset() throws IOException {
    Body b = Body.text("héllo");
    assertThat(b.contentType()).contains("text/plain; charset=UTF-8");
    assertThat(b.contentLength()).isEqualTo(6);
    assertThat(written(b)).isEqualTo("héllo");
    assertThat(Body.text("é", StandardCharsets.ISO_8859_1).contentLength()).isEqualTo(1);
  }

  @Test
  void bytesAreCopied() throws IOException {
    byte[] data = {1, 2, 3};
    Body b = Body.of(data);
    data[0] = 9;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    b.writeTo(out);
    assertThat(out.toByteArray()).containsExactly(1, 2, 3);
    assertThat(b.contentType()).isEmpty();
  }

  @Test
  void wrappedBytesAreSharedAndSentAsTheyAreWhenSent() throws IOException {
    byte[] data = {1, 2, 3};
    Body b = Body.wrap(data, "application/octet-stream");
    data[0] = 9;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    b.writeTo(out);
    assertThat(out.toByteArray()).containsExactly(9, 2, 3);
    assertThat(b.contentType()).hasValue("application/octet-stream");
    assertThat(b.contentLength()).isEqualTo(3);
    assertThat(b.isReplayable()).isTrue();
    assertThat(Body.wrap(data, null).contentType()).isEmpty();
    assertThatThrownBy(() -> Body.wrap(data, "text/plain\r\nX-Evil: 1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formFollowsRequestsSemantics() throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("q", "a b&c=d");
    fields.put("tags", List.of("x", "y"));
    fields.put("dropped", null);
    fields.put("arr", new String[] {"1"});
    fields.put("uni", "é*-._~");
    Body b = Body.form(fields);
    assertThat(b.contentType()).contains("application/x-www-form-urlencoded");
    assertThat(written(b)).isEqualTo("q=a+b%26c%3Dd&tags=x&tags=y&arr=1&uni=%C3%A9*-._%7E");
  }

  @Test
  void jsonUsesJackson() throws IOException {
    record Person(String name, int age) {}
    Body b = Body.json(new Person("Ada", 36));
    assertThat(b.contentType()).contains("application/json");
    JsonNode node = Json.MAPPER.readTree(written(b));
    assertThat(node.get("name").asText()).isEqualTo("Ada");
    assertThat(node.get("age").asInt()).isEqualTo(36);
    assertThatThrownBy(() -> Body.json(new Object())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fileIsStreamedAndReplayable(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("data.json");
    Files.writeString(f, "{\"a\":1}");
    Body b = Body.file(f);
    assertThat(b.contentType()).contains("application/json");
    assertThat(b.contentLength()).isEqualTo(7);
    assertThat(b.isReplayable()).isTrue();
    assertThat(written(b)).isEqualTo("{\"a\":1}");
    assertThat(written(b)).isEqualTo("{\"a\":1}");
    Files.writeString(f, "{}"); // shrank after the length was taken: an error, never a short body
    assertThatThrownBy(() -> written(b)).isInstanceOf(IOException.class).hasMessageContaining("ended after 2 of 7");
  }

  @Test
  void streamsAreOneShotAndLengthIsEnforced() throws IOException {
    Body chunked = Body.of(new ByteArrayInputStream("abc".getBytes()), "text/plain");
    assertThat(chunked.contentLength()).isEqualTo(-1);
    assertThat(chunked.isReplayable()).isFalse();
    assertThat(written(chunked)).isEqualTo("abc");
    assertThatThrownBy(() -> written(chunked)).isInstanceOf(IllegalStateException.class);

    Body sized = Body.of(new ByteArrayInputStream("abcdef".getBytes()), 4, null);
    assertThat(sized.contentLength()).isEqualTo(4);
    assertThat(written(sized)).isEqualTo("abcd");
    Body tooShort = Body.of(new ByteArrayInputStream("ab".getBytes()), 4, null);
    assertThatThrownBy(() -> written(tooShort)).isInstanceOf(IOException.class);
  }

  @Test
  void contentTypesCannotInjectHeaders() {
    assertThatThrownBy(() -> Body.of(new byte[0], "text/plain\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void multipartStreamsFilesAndEscapesNames(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("report.csv");
    Files.writeString(f, "a,b\n1,2\n");
    Multipart m = Multipart.builder()
        .field("title", "Q3 ✓")
        .file("doc", f)
        .file("evil", "x".getBytes(), "a\"b\r\nX-Injected: 1.txt", "text/plain")
        .part("meta", Body.json(Map.of("v", 2)), null, dev.courier.http.Headers.of("X-Part", "1"))
        .build();
    String body = new String(m.toByteArray(), StandardCharsets.UTF_8);
    String boundary = m.boundary();
    assertThat(boundary).matches("courier-[0-9a-f]{32}");
    assertThat(m.contentType()).contains("multipart/form-data; boundary=" + boundary);
    assertThat(m.contentLength()).isEqualTo(m.toByteArray().length);
    assertThat(m.isReplayable()).isTrue();
    assertThat(body).isEqualTo(
        "--" + boundary + "\r\n"
            + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
            + "Q3 ✓\r\n"
            + "--" + boundary + "\r\n"
            + "Content-Disposition: form-data; name=\"doc\"; filename=\"report.csv\"\r\n"
            + "Content-Type: text/csv\r\n\r\n"
            + "a,b\n1,2\n\r\n"
            + "--" + boundary + "\r\n"
            + "Content-Disposition: form-data; name=\"evil\"; filename=\"a%22b%0D%0AX-Injected: 1.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\n"
            + "x\r\n"
            + "--" + boundary + "\r\n"
            + "Content-Disposition: form-data; name=\"meta\"\r\n"
            + "Content-Type: application/json\r\n"
            + "X-Part: 1\r\n\r\n"
            + "{\"v\":2}\r\n"
            + "--" + boundary + "--\r\n");
    assertThat(Multipart.builder().build().boundary()).isNotEqualTo(boundary);
  }

  @Test
  void multipartWithAStreamHasUnknownLength() {
    Multipart m = Multipart.builder()
        .part("s", Body.of(new ByteArrayInputStream(new byte[3]), null), "s.bin",
            dev.courier.http.Headers.empty())
        .build();
    assertThat(m.contentLength()).isEqualTo(-1);
    assertThat(m.isReplayable()).isFalse();
    assertThatThrownBy(() -> Multipart.builder().part("x", Body.empty(), null,
        dev.courier.http.Headers.of("Content-Disposition", "form-data")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Arrays.asList(1)).hasSize(1);
  }
}
