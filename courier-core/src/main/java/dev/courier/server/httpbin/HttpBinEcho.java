package dev.courier.server.httpbin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.http.FormData;
import dev.courier.internal.Json;
import dev.courier.server.FormPart;
import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON that {@link HttpBin} answers with: the request echo of {@code /get}, {@code /post},
 * {@code /anything} and their kin (args, headers, origin, url; with a body also data, files, form
 * and json), in the shapes the original httpbin uses.
 */
final class HttpBinEcho {
  private HttpBinEcho() {}

  static final ObjectMapper JSON = Json.MAPPER;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static ObjectNode obj() {
    return NODES.objectNode();
  }

  static ServerResponse json(int status, JsonNode node) {
    try {
      String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
      return ServerResponse.builder(status).json(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** httpbin's request echo: args, headers, origin, url; with a body: data, files, form, json. */
  static ObjectNode echo(ServerRequest req, boolean withBody, boolean withMethod) {
    ObjectNode out = obj();
    out.set("args", multi(req.queryParams()));
    if (withBody) {
      String type = req.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
      ObjectNode form = obj();
      ObjectNode files = obj();
      String data = "";
      if (type.startsWith("multipart/form-data")) {
        // The server's streaming parser, with its limits (400 for a malformed body, 413 past a limit).
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Map<String, List<String>> uploads = new LinkedHashMap<>();
        for (FormPart part : req.multipart()) {
          String value = text(part.bytes(), part.contentType());
          (part.filename().isPresent() ? uploads : fields).computeIfAbsent(part.name(), k -> new ArrayList<>())
              .add(value);
        }
        form = multi(fields);
        files = multi(uploads);
      } else if (type.startsWith("application/x-www-form-urlencoded")) {
        form = multi(FormData.parse(new String(req.bodyBytes(), StandardCharsets.UTF_8)).toMap());
      } else {
        data = text(req.bodyBytes(), type.isEmpty() ? "application/octet-stream" : type);
      }
      out.put("data", data);
      out.set("files", files);
      out.set("form", form);
      out.set("headers", headers(req));
      JsonNode json = NullNode.getInstance();
      if (!data.isEmpty()) {
        try {
          json = JSON.readTree(data);
        } catch (IOException e) {
          json = NullNode.getInstance();
        }
      }
      out.set("json", json == null ? NullNode.getInstance() : json);
    } else {
      out.set("headers", headers(req));
    }
    if (withMethod) out.put("method", req.method());
    out.put("origin", origin(req));
    out.put("url", req.url());
    return out;
  }

  /** UTF-8 text when the bytes are valid UTF-8, otherwise a base64 data URL (as httpbin does). */
  private static String text(byte[] data, String type) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      String mime = type.split(";")[0].trim();
      return "data:" + (mime.isEmpty() ? "application/octet-stream" : mime) + ";base64,"
          + Base64.getEncoder().encodeToString(data);
    }
  }

  private static ObjectNode multi(Map<String, List<String>> map) {
    ObjectNode node = obj();
    map.forEach((name, values) -> {
      if (values.size() == 1) {
        node.put(name, values.get(0));
      } else {
        ArrayNode array = node.putArray(name);
        values.forEach(array::add);
      }
    });
    return node;
  }

  /** Header names in Title-Case as httpbin shows them; repeated fields joined with ", ". */
  static ObjectNode headers(ServerRequest req) {
    Map<String, String> joined = new LinkedHashMap<>();
    req.headers().forEach((name, value) -> joined.merge(titleCase(name), value, (a, b) -> a + ", " + b));
    ObjectNode node = obj();
    joined.forEach(node::put);
    return node;
  }

  private static String titleCase(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return out.toString();
  }

  static String origin(ServerRequest req) {
    java.net.InetAddress client = req.clientAddress(); // a trusted proxy's word, else the peer
    return client == null ? req.remoteAddress().getHostString() : client.getHostAddress();
  }

  static ServerResponse base64(ServerRequest req) {
    String value = req.pathParam("value").orElse("");
    try {
      byte[] decoded = Base64.getUrlDecoder().decode(value.replace('+', '-').replace('/', '_'));
      // python-httpbin answers text/html here, which makes this route a reflected XSS: the text is
      // the client's, and under "courier serve -d --httpbin" it shares an origin with the served
      // files. Plain text, and nosniff so a browser never guesses HTML from the content.
      return ServerResponse.builder(200).header("X-Content-Type-Options", "nosniff")
          .text(new String(decoded, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return ServerResponse.ok("Incorrect Base64 data try: SFRUUEJJTiBpcyBhd2Vzb21l");
    }
  }
}
