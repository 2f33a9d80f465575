package dev.courier;

import static dev.courier.FakeExchanger.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.InvalidUrlException;
import dev.courier.http.Link;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Response.links(), next() and isPermanentRedirect(). */
class ResponseFollowUpTest {
  private static Response built(int status, String... headers) {
    Response.Builder b = Response.builder().request(Request.get("https://api.example.com/items?page=2").build())
        .statusCode(status);
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return b.build();
  }

  @Test
  void linksAreKeyedByRelAcrossSeveralFields() {
    Response r = built(200, "Link", "<?page=3>; rel=next", "Link", "</items?page=1>; rel=\"first prev\"");
    Map<String, Link> links = r.links();
    assertThat(links.keySet()).containsExactly("next", "first", "prev");
    assertThat(links.get("next").target()).isEqualTo("https://api.example.com/items?page=3");
    assertThat(links.get("prev").target()).isEqualTo("https://api.example.com/items?page=1");
    assertThat(built(200).links()).isEmpty();
    assertThat(built(200, "Link", "garbage").links()).isEmpty();
  }

  @Test
  void permanentRedirectsAre301And308WithLocation() {
    assertThat(built(301, "Location", "/x").isPermanentRedirect()).isTrue();
    assertThat(built(308, "Location", "/x").isPermanentRedirect()).isTrue();
    assertThat(built(302, "Location", "/x").isPermanentRedirect()).isFalse();
    assertThat(built(307, "Location", "/x").isPermanentRedirect()).isFalse();
    assertThat(built(301).isPermanentRedirect()).as("no Location").isFalse();
    assertThat(built(302, "Location", "/x").isRedirect()).isTrue();
  }

  @Test
  void nextFollowsTheMethodRules() {
    FakeExchanger fake = new FakeExchanger(r -> response(303, "", "Location", "/done?id=7"));
    try (Session s = Session.builder().exchanger(fake).header("X-Default", "d").build()) {
      Response r = s.send(Request.post("https://shop.example.com/orders").form(Map.of("a", "1"))
          .followRedirects(false).build());
      Request next = r.next().orElseThrow();
      assertThat(next.method()).isEqualTo("GET");
      assertThat(next.url().toString()).isEqualTo("https://shop.example.com/done?id=7");
      assertThat(next.body()).isEmpty();
      assertThat(next.headers().contains("Content-Type")).isFalse();
      assertThat(next.headers().contains("Host")).as("no bridge fields: the next call computes them").isFalse();
      assertThat(next.headers().firstValue("X-Default")).contains("d");
    }
  }

  @Test
  void nextKeepsMethodAndBodyFor307() {
    Response r = Response.builder()
        .request(Request.put("https://a.example.com/x").body(Body.text("hi")).build())
        .statusCode(307).header("Location", "https://a.example.com/y").build();
    Request next = r.next().orElseThrow();
    assertThat(next.method()).isEqualTo("PUT");
    assertThat(next.body()).isPresent();
  }

  @Test
  void nextToAnotherOriginCarriesNoCredentialsEvenFromTheSession() {
    FakeExchanger fake = new FakeExchanger(r -> r.url().host().equals("a.example.com")
        ? response(302, "", "Location", "https://evil.example.net/steal") : response(200, "ok"));
    try (Session s = Session.builder().exchanger(fake).auth(Auth.basic("ada", "s3cret")).build()) {
      Response r = s.send(Request.get("https://a.example.com/start").header("Cookie", "sid=1")
          .followRedirects(false).build());
      assertThat(fake.last().header("Authorization")).as("sent to the first origin").startsWith("Basic ");
      Request next = r.next().orElseThrow();
      assertThat(next.headers().contains("Cookie")).isFalse();
      assertThat(next.headers().contains("Authorization")).isFalse();
      s.send(next);
      assertThat(fake.last().request().url().host()).isEqualTo("evil.example.net");
      assertThat(fake.last().header("Authorization")).as("the session's auth stays home").isNull();
    }
  }

  @Test
  void nextIsEmptyForOtherResponsesAndFailsOnABadLocation() {
    assertThat(built(200).next()).isEmpty();
    assertThat(built(304, "Location", "/x").next()).isEmpty();
    assertThat(built(302).next()).isEmpty();
    assertThatThrownBy(() -> built(302, "Location", "ftp://files.example.com/x").next())
        .isInstanceOf(InvalidUrlException.class).hasMessageContaining("ftp");
    assertThatThrownBy(() -> built(302, "Location", "http://[::1").next()).isInstanceOf(InvalidUrlException.class);
  }

  @Test
  void aFollowedRedirectLeavesNoNext() {
    FakeExchanger fake = new FakeExchanger(r -> r.url().path().equals("/a")
        ? response(302, "", "Location", "/b") : response(200, "ok"));
    try (Session s = Session.builder().exchanger(fake).build()) {
      Response r = s.get("https://example.com/a");
      assertThat(r.history()).hasSize(1);
      assertThat(r.next()).isEqualTo(Optional.empty());
      assertThat(r.history().get(0).next()).as("a history entry still knows where it went")
          .map(q -> q.url().path()).contains("/b");
    }
  }

  @Test
  void cookiesAreWhatTheResponseSetAsAJarWouldStoreThem() {
    Response r = Response.builder().request(Request.get("https://www.example.com/shop/cart").build())
        .header("Set-Cookie", "sid=1; HttpOnly").header("Set-Cookie", "bad=1; Domain=com")
        .header("Set-Cookie", "pref=x; Domain=example.com; Path=/").build();
    assertThat(r.cookies()).extracting(c -> c.name()).containsExactly("sid", "pref");
    assertThat(r.cookies().get(0).path()).isEqualTo("/shop");
    assertThat(r.cookies().get(0).httpOnly()).isTrue();
    assertThat(built(200).cookies()).isEmpty();
    assertThat(built(200, "Set-Cookie", "=").cookies()).isEmpty();
  }
}
