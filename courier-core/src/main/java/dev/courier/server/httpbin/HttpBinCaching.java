package dev.courier.server.httpbin;

import static dev.courier.server.httpbin.HttpBinEcho.JSON;
import static dev.courier.server.httpbin.HttpBinEcho.echo;
import static dev.courier.server.httpbin.HttpBinEcho.headers;
import static dev.courier.server.httpbin.HttpBinEcho.json;
import static dev.courier.server.httpbin.HttpBinEcho.obj;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.http.HttpDate;
import dev.courier.server.ErrorPages;
import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The caching endpoints of {@link HttpBin}: {@code /cache[/{n}]}, {@code /etag/{etag}} and
 * {@code /response-headers}.
 */
final class HttpBinCaching {
  private HttpBinCaching() {}


  static ServerResponse cache(ServerRequest req, InstantSource clock) {
    if (req.header("If-Modified-Since").isPresent() || req.header("If-None-Match").isPresent()) {
      return ServerResponse.of(304);
    }
    return json(200, echo(req, false, false)).newBuilder()
        .header("Last-Modified", HttpDate.format(clock.instant()))
        .header("ETag", UUID.randomUUID().toString().replace("-", ""))
        .build();
  }

  static ServerResponse etag(ServerRequest req) {
    String etag = req.pathParam("etag").orElse("");
    List<String> ifNoneMatch = tags(req.headers().allValues("If-None-Match"));
    List<String> ifMatch = tags(req.headers().allValues("If-Match"));
    String quoted = "\"" + etag + "\"";
    if (!ifNoneMatch.isEmpty() && (ifNoneMatch.contains(etag) || ifNoneMatch.contains("*"))) {
      return ServerResponse.builder(304).header("ETag", quoted).build();
    }
    if (!ifMatch.isEmpty() && !ifMatch.contains(etag) && !ifMatch.contains("*")) {
      return ServerResponse.of(412);
    }
    return json(200, echo(req, false, false)).newBuilder().header("ETag", quoted).build();
  }

  static List<String> tags(List<String> headerValues) {
    List<String> out = new ArrayList<>();
    for (String header : headerValues) {
      for (String raw : header.split(",")) {
        String tag = raw.trim();
        if (tag.startsWith("W/")) tag = tag.substring(2);
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) tag = tag.substring(1, tag.length() - 1);
        if (!tag.isEmpty()) out.add(tag);
      }
    }
    return out;
  }

  static ServerResponse responseHeaders(ServerRequest req) {
    ServerResponse.Builder out = ServerResponse.builder(200);
    try {
      req.queryParams().forEach((name, values) -> values.forEach(v -> out.header(name, v)));
    } catch (IllegalArgumentException e) {
      return ErrorPages.response(400, req, e.getMessage());
    }
    // The body lists the headers, Content-Length included, so iterate until the length is stable.
    String body = "";
    long length = 0;
    for (int i = 0; i < 5; i++) {
      ObjectNode node = obj();
      node.put("Content-Length", Long.toString(length));
      node.put("Content-Type", "application/json");
      req.queryParams().forEach((name, values) -> {
        if (values.size() == 1) node.put(name, values.get(0));
        else values.forEach(node.withArray(name)::add);
      });
      try {
        body = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      long next = body.getBytes(StandardCharsets.UTF_8).length;
      if (next == length) break;
      length = next;
    }
    return out.json(body);
  }
}
