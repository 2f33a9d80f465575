package dev.courier.server.httpbin;

import static dev.courier.server.httpbin.HttpBinEcho.json;
import static dev.courier.server.httpbin.HttpBinEcho.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.cookies.CookieHeader;
import dev.courier.cookies.SetCookie;
import dev.courier.internal.AuthChallenge;
import dev.courier.internal.ByteRanges;
import dev.courier.server.ErrorPages;
import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The authentication endpoints of {@link HttpBin}: {@code /basic-auth}, {@code /hidden-basic-auth},
 * {@code /bearer} and {@code /digest-auth} (with the cookies httpbin sets around a digest challenge).
 */
final class HttpBinAuth {
  private HttpBinAuth() {}

  static ServerResponse basicAuth(ServerRequest req, boolean hidden) {
    String user = req.pathParam("user").orElse("");
    String passwd = req.pathParam("passwd").orElse("");
    String auth = req.header("Authorization").orElse("");
    if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        if (decoded.equals(user + ":" + passwd)) {
          return json(200, obj().put("authenticated", true).put("user", user));
        }
      } catch (IllegalArgumentException e) {
        // not base64: unauthorized
      }
    }
    if (hidden) return ErrorPages.response(404, req, "");
    return ServerResponse.builder(401).header("WWW-Authenticate", "Basic realm=\"Fake Realm\"").build();
  }

  static ServerResponse bearer(ServerRequest req) {
    String auth = req.header("Authorization").orElse("");
    if (auth.regionMatches(true, 0, "Bearer ", 0, 7) && !auth.substring(7).isBlank()) {
      return json(200, obj().put("authenticated", true).put("token", auth.substring(7).trim()));
    }
    return ServerResponse.builder(401).header("WWW-Authenticate", "Bearer").build();
  }

  /**
   * {@code /digest-auth/{qop}/{user}/{passwd}[/{algorithm}[/{stale_after}]]}, with the cookies
   * httpbin sets around a challenge, so a client's cookie handling during digest auth is tested
   * as there: every challenge sets {@code stale_after} (the path's value, {@code never} by default)
   * and {@code fake=fake_value}, and a failed attempt {@code last_nonce}. A request whose nonce is
   * its {@code last_nonce} cookie, or whose {@code stale_after} cookie is {@code 0}, is answered
   * with a stale challenge; a success sets {@code fake} and counts {@code stale_after} down. With
   * {@code ?require-cookie=1} a request without cookies is challenged, and one without the {@code
   * fake} cookie is refused (403). Nonces are checked besides (expiry, replay), as {@link
   * DigestVerifier} does.
   */
  static ServerResponse digestAuth(ServerRequest req, DigestVerifier digest) {
    String qopParam = req.pathParam("qop").orElse("auth");
    String qop = qopParam.equals("auth") || qopParam.equals("auth-int") ? qopParam : null;
    String named = req.pathParam("algorithm").orElse("MD5").toUpperCase(Locale.ROOT);
    // As httpbin: an algorithm it does not know means MD5.
    String algorithm = DigestVerifier.supports(named) ? named : "MD5";
    String staleAfter = req.pathParam("stale_after").orElse("never");
    boolean requireCookie = req.queryParam("require-cookie").map(v -> v.toLowerCase(Locale.ROOT))
        .filter(v -> v.equals("1") || v.equals("t") || v.equals("true")).isPresent();
    Map<String, String> cookies = new LinkedHashMap<>();
    for (CookieHeader.Pair pair : req.cookies().pairs()) cookies.putIfAbsent(pair.name(), pair.value());
    String user = req.pathParam("user").orElse("");
    String passwd = req.pathParam("passwd").orElse("");
    String authorization = req.header("Authorization").orElse(null);
    List<AuthChallenge> credentials =
        authorization == null ? List.of() : AuthChallenge.parseAll(List.of(authorization));
    if (credentials.isEmpty() || !credentials.get(0).is("Digest") || (requireCookie && cookies.isEmpty())) {
      return withCookies(challenge(digest, qop, algorithm, false), "stale_after", staleAfter, "fake", "fake_value");
    }
    if (requireCookie && !"fake_value".equals(cookies.get("fake"))) {
      ObjectNode errors = obj();
      errors.putArray("errors").add("missing cookie set on challenge");
      return withCookies(json(403, errors), "fake", "fake_value");
    }
    String nonce = credentials.get(0).params().getOrDefault("nonce", "");
    String staleCookie = cookies.get("stale_after");
    if (nonce.equals(cookies.get("last_nonce")) || "0".equals(staleCookie)) {
      return withCookies(challenge(digest, qop, algorithm, true),
          "stale_after", staleAfter, "last_nonce", nonce, "fake", "fake_value");
    }
    byte[] body = "auth-int".equals(qop) ? req.bodyBytes() : new byte[0];
    DigestVerifier.Outcome outcome = digest.verify(authorization, req.method(), req.target(), body, user, passwd,
        qop, algorithm);
    if (outcome != DigestVerifier.Outcome.OK) {
      return withCookies(challenge(digest, qop, algorithm, outcome == DigestVerifier.Outcome.STALE),
          "stale_after", staleAfter, "last_nonce", nonce, "fake", "fake_value");
    }
    ServerResponse ok =
        withCookies(json(200, obj().put("authenticated", true).put("user", user)), "fake", "fake_value");
    if (staleCookie == null) return ok;
    long left = ByteRanges.digits(staleCookie);
    return withCookies(ok, "stale_after", left > 0 ? Long.toString(left - 1) : "never");
  }

  static ServerResponse challenge(DigestVerifier digest, String qop, String algorithm, boolean stale) {
    return ServerResponse.builder(401).header("WWW-Authenticate", digest.challenge(qop, algorithm, stale)).build();
  }

  /**
   * The response with a {@code Set-Cookie} (path {@code /}) for each name and value pair; a value
   * that is no valid cookie value (a client's odd nonce) is left out rather than sent broken.
   */
  static ServerResponse withCookies(ServerResponse response, String... namesAndValues) {
    ServerResponse.Builder out = response.newBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      try {
        SetCookie cookie = SetCookie.builder(namesAndValues[i], namesAndValues[i + 1]).path("/").build();
        out.header("Set-Cookie", cookie.toString());
      } catch (IllegalArgumentException bad) {
        // not a cookie value: skipped
      }
    }
    return out.build();
  }
}
