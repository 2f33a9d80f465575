package dev.courier.cookies;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Courier's JSON cookie file: <code>{"format":"courier-cookies","version":1,"cookies":[...]}</code>,
 * each cookie an object with name, value, domain, hostOnly, path, expires (ISO-8601 or null),
 * secure, httpOnly, sameSite ("Strict", "Lax", "None" or null), partitioned and creationTime. A
 * bare array of cookie objects is read too. Unknown fields are ignored (newer writers may add some).
 */
final class JsonCodec implements CookieFileCodec {
  static final String FORMAT = "courier-cookies";
  private static final ObjectMapper MAPPER = Json.MAPPER;

  @Override
  public void read(String content, Sink sink) {
    try (JsonParser p = MAPPER.createParser(content)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          t = p.nextToken();
          if (field.equals("cookies") && t == JsonToken.START_ARRAY) {
            readArray(p, sink);
          } else if (field.equals("format") && t == JsonToken.VALUE_STRING && !FORMAT.equals(p.getText())) {
            sink.problem(p.currentLocation().getLineNr(), "not a " + FORMAT + " file: " + p.getText());
            return;
          } else {
            p.skipChildren();
          }
        }
      } else if (t == JsonToken.START_ARRAY) {
        readArray(p, sink);
      } else {
        sink.problem(1, "expected a JSON object or array");
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      sink.problem(line, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readArray(JsonParser p, Sink sink) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      int line = p.currentLocation().getLineNr();
      JsonNode node = p.readValueAsTree();
      if (!(node instanceof ObjectNode)) {
        sink.problem(line, "a cookie must be a JSON object");
        continue;
      }
      try {
        sink.cookie(line, cookie(node));
      } catch (IllegalArgumentException | IllegalStateException | DateTimeParseException e) {
        sink.problem(line, e.getMessage());
      }
    }
  }

  private static Cookie cookie(JsonNode n) {
    String name = text(n, "name", true);
    String value = text(n, "value", true);
    String domain = text(n, "domain", true);
    Cookie.Builder b = Cookie.builder(name, value).domain(domain);
    b.hostOnly(!n.has("hostOnly") || n.get("hostOnly").asBoolean(true));
    String path = text(n, "path", false);
    if (path != null) b.path(path);
    String expires = text(n, "expires", false);
    if (expires != null) {
      Instant e = Instant.parse(expires);
      b.expires(e.isAfter(CookieFileCodec.MAX_EXPIRY) ? CookieFileCodec.MAX_EXPIRY : e);
    }
    b.secure(n.path("secure").asBoolean(false));
    b.httpOnly(n.path("httpOnly").asBoolean(false));
    b.partitioned(n.path("partitioned").asBoolean(false));
    String sameSite = text(n, "sameSite", false);
    if (sameSite != null) b.sameSite(SameSite.fromAttributeValue(sameSite));
    String created = text(n, "creationTime", false);
    if (created != null) b.creationTime(Instant.parse(created));
    return b.build();
  }

  private static String text(JsonNode n, String field, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) throw new IllegalArgumentException("cookie has no \"" + field + "\"");
      return null;
    }
    if (!v.isTextual()) throw new IllegalArgumentException("\"" + field + "\" must be a string");
    return v.asText();
  }

  @Override
  public String write(List<Cookie> cookies, List<Cookie> unwritable) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", 1);
    ArrayNode array = root.putArray("cookies");
    for (Cookie c : cookies) {
      ObjectNode o = array.addObject();
      o.put("name", c.name());
      o.put("value", c.value());
      o.put("domain", c.domain());
      o.put("hostOnly", c.hostOnly());
      o.put("path", c.path());
      if (c.expires().isPresent()) o.put("expires", c.expires().get().toString());
      else o.putNull("expires");
      o.put("secure", c.secure());
      o.put("httpOnly", c.httpOnly());
      if (c.sameSite() == SameSite.DEFAULT) o.putNull("sameSite");
      else o.put("sameSite", c.sameSite().attributeValue());
      o.put("partitioned", c.partitioned());
      o.put("creationTime", c.creationTime().toString());
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
