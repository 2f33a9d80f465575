package dev.courier.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.http.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes a cassette as JSON, one file per cassette:
 *
 * <pre>
 * {"courier_cassette": 1, "episodes": [
 *   {"request": {"method": "GET", "url": "https://api.example.com/users?page=2",
 *                "headers": [["Accept", "*&#47;*"], ["Authorization", "Bearer REDACTED"]]},
 *    "response": {"status": 200, "reason": "OK",
 *                 "headers": [["Content-Type", "application/json"]],
 *                 "body": {"text": "[\"ada\"]"}}}]}
 * </pre>
 *
 * <p>Headers are [name, value] pairs, in order, repeats kept. A body is {@code {"text": ...}} when
 * it is UTF-8 without control characters (other than tab, CR, LF) and carries no content coding,
 * {@code {"base64": ...}} otherwise, and {@code {"file": ...}} (a path relative to the cassette's
 * folder, in {@code NAME.bodies/}) when it is longer than the cassette's inline limit.
 */
final class CassetteFile {
  static final int VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CassetteFile() {}

  static List<Episode> read(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cassette " + file, e);
    }
    if (root == null || root.path("courier_cassette").asInt() != VERSION) {
      throw new IllegalArgumentException("not a version " + VERSION + " Courier cassette: " + file);
    }
    List<Episode> episodes = new ArrayList<>();
    for (JsonNode episode : root.path("episodes")) {
      JsonNode request = episode.path("request");
      JsonNode response = episode.path("response");
      episodes.add(new Episode(request.path("method").asText(), request.path("url").asText(),
          headers(request.path("headers")), body(file, request.path("body")),
          response.path("status").asInt(), response.path("reason").asText(""),
          headers(response.path("headers")), body(file, response.path("body"))));
    }
    return episodes;
  }

  /** Writes {@code episodes} atomically (a temporary file renamed over the old one). */
  static void write(Path file, List<Episode> episodes, int inlineLimit) {
    try {
      Path folder = file.toAbsolutePath().getParent();
      Files.createDirectories(folder);
      ObjectNode root = MAPPER.createObjectNode().put("courier_cassette", VERSION);
      ArrayNode list = root.putArray("episodes");
      int index = 0;
      for (Episode episode : episodes) {
        ObjectNode entry = list.addObject();
        ObjectNode request = entry.putObject("request")
            .put("method", episode.method()).put("url", episode.url());
        request.set("headers", headers(episode.requestHeaders()));
        putBody(request, file, index + "-request", episode.requestBody(), episode.requestHeaders(), inlineLimit);
        ObjectNode response = entry.putObject("response")
            .put("status", episode.status()).put("reason", episode.reason());
        response.set("headers", headers(episode.responseHeaders()));
        putBody(response, file, index + "-response", episode.responseBody(), episode.responseHeaders(), inlineLimit);
        index++;
      }
      Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
      MAPPER.writeValue(temporary.toFile(), root);
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cassette " + file, e);
    }
  }

  private static ArrayNode headers(Headers headers) {
    ArrayNode out = MAPPER.createArrayNode();
    headers.forEach((name, value) -> out.addArray().add(name).add(value));
    return out;
  }

  private static Headers headers(JsonNode pairs) {
    Headers.Builder out = Headers.builder();
    for (JsonNode pair : pairs) {
      out.add(pair.path(0).asText(), pair.path(1).asText());
    }
    return out.build();
  }

  private static void putBody(ObjectNode message, Path file, String name, byte[] body, Headers headers,
      int inlineLimit) throws IOException {
    if (body.length == 0) {
      return;
    }
    ObjectNode out = message.putObject("body");
    if (body.length > inlineLimit) {
      Path folder = bodiesFolder(file);
      Files.createDirectories(folder);
      Files.write(folder.resolve(name + ".bin"), body);
      out.put("file", file.getFileName() + ".bodies/" + name + ".bin");
      return;
    }
    Optional<String> text = headers.contains("Content-Encoding") ? Optional.empty() : text(body);
    if (text.isPresent()) {
      out.put("text", text.get());
    } else {
      out.put("base64", Base64.getEncoder().encodeToString(body));
    }
  }

  private static byte[] body(Path file, JsonNode body) {
    if (body.has("text")) {
      return body.get("text").asText().getBytes(StandardCharsets.UTF_8);
    }
    if (body.has("base64")) {
      return Base64.getDecoder().decode(body.get("base64").asText());
    }
    if (body.has("file")) {
      Path folder = file.toAbsolutePath().getParent();
      Path beside = folder.resolve(body.get("file").asText()).normalize();
      if (!beside.startsWith(folder)) {
        throw new IllegalArgumentException("a cassette body must stay beside the cassette: " + beside);
      }
      try {
        return Files.readAllBytes(beside);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the cassette body " + beside, e);
      }
    }
    return new byte[0];
  }

  static Path bodiesFolder(Path file) {
    return file.toAbsolutePath().resolveSibling(file.getFileName() + ".bodies");
  }

  /** The bytes as text when they are strict UTF-8 with no control characters but tab, CR and LF. */
  private static Optional<String> text(byte[] body) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
        return Optional.empty();
      }
    }
    return Optional.of(text);
  }
}
