package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Url;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Longest-prefix selection of adapters, as requests' {@code Session.mount}. */
class MountsTest {
  private final Adapter fallback = (r, e) -> null;
  private final Adapter api = (r, e) -> null;
  private final Adapter apiV2 = (r, e) -> null;
  private final Adapter secure = (r, e) -> null;

  private Mounts mounts() {
    Map<String, Adapter> m = new LinkedHashMap<>();
    m.put(Mounts.normalize("https://"), secure);
    m.put(Mounts.normalize("https://API.example.com/"), api);
    m.put(Mounts.normalize("https://api.example.com/v2/"), apiV2);
    return new Mounts(m, fallback);
  }

  @Test
  void theLongestMatchingPrefixWinsWhateverTheMountOrder() {
    Mounts m = mounts();
    assertThat(m.select(Url.parse("https://api.example.com/v2/items"))).isSameAs(apiV2);
    assertThat(m.select(Url.parse("https://api.example.com/v1/items"))).isSameAs(api);
    assertThat(m.select(Url.parse("https://other.example.com/"))).isSameAs(secure);
    assertThat(m.select(Url.parse("http://api.example.com/v2/"))).as("no prefix matches http").isSameAs(fallback);
  }

  @Test
  void schemeAndHostIgnoreCaseButThePathDoesNot() {
    Mounts m = mounts();
    assertThat(m.select(Url.parse("HTTPS://Api.Example.COM/v2/x"))).isSameAs(apiV2);
    assertThat(m.select(Url.parse("https://api.example.com/V2/x"))).isSameAs(api);
    assertThat(Mounts.normalize("HTTP+UNIX://%2Fvar%2Frun/Info")).isEqualTo("http+unix://%2fvar%2frun/Info");
    assertThat(Mounts.normalize("HTTPS")).isEqualTo("https");
  }

  @Test
  void aPrefixIsTextNotAnOriginAsInRequests() {
    // requests matches on the URL string: a prefix without a trailing slash also takes longer host names
    Mounts m = new Mounts(Map.of("https://api.example.com", api), fallback);
    assertThat(m.select(Url.parse("https://api.example.com.evil.test/"))).isSameAs(api);
    assertThat(m.select(Url.parse("https://api.example.co/"))).isSameAs(fallback);
  }

  @Test
  void everyAdapterIsListedOnceForClosing() {
    Map<String, Adapter> m = new LinkedHashMap<>();
    m.put("http://a/", api);
    m.put("http://b/", api);
    assertThat(new Mounts(m, fallback).all()).containsExactlyInAnyOrder(api, fallback);
  }
}
