package dev.courier.server.httpbin;

import static dev.courier.server.httpbin.HttpBinEcho.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.cookies.CookieHeader;
import dev.courier.cookies.SetCookie;
import dev.courier.server.ErrorPages;
import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cookie endpoints of {@link HttpBin}: {@code /cookies}, {@code /cookies/set} and {@code /cookies/delete}.
 */
final class HttpBinCookies {
  private HttpBinCookies() {}


  static ObjectNode cookies(ServerRequest req) {
    ObjectNode node = obj();
    for (String header : req.headers().allValues("Cookie")) {
      for (CookieHeader.Pair pair : CookieHeader.parse(header).pairs()) node.put(pair.name(), pair.value());
    }
    return node;
  }

  static ServerResponse setCookies(ServerRequest req) {
    ServerResponse.Builder out = ServerResponse.builder(302).header("Location", req.basePath() + "/cookies");
    Map<String, String> toSet = new LinkedHashMap<>();
    if (req.pathParam("name").isPresent()) {
      toSet.put(req.pathParam("name").get(), req.pathParam("value").orElse(""));
    } else {
      req.queryParams().forEach((k, v) -> toSet.put(k, v.get(v.size() - 1)));
    }
    for (Map.Entry<String, String> e : toSet.entrySet()) {
      try {
        out.header("Set-Cookie", SetCookie.builder(e.getKey(), e.getValue()).path("/").build().toString());
      } catch (IllegalArgumentException bad) {
        return ErrorPages.response(400, req, "not a valid cookie: " + bad.getMessage());
      }
    }
    return out.build();
  }

  static ServerResponse deleteCookies(ServerRequest req) {
    ServerResponse.Builder out = ServerResponse.builder(302).header("Location", req.basePath() + "/cookies");
    for (String name : req.queryParams().keySet()) {
      try {
        SetCookie expired = SetCookie.builder(name, "").expires(Instant.EPOCH).maxAge(0).path("/").build();
        out.header("Set-Cookie", expired.toString());
      } catch (IllegalArgumentException bad) {
        return ErrorPages.response(400, req, "not a cookie name: " + bad.getMessage());
      }
    }
    return out.build();
  }
}
