package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Url;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CookieJarTest {
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  CookieJar jar = CookieJar.builder().clock(() -> NOW).build();

  static boolean set(CookieJar jar, String url, String header) {
    return jar.setCookie(url, header, NOW);
  }

  static String header(CookieJar jar, String url) {
    return jar.cookieHeader(url, NOW);
  }

  static String header(CookieJar jar, String url, Instant at) {
    return jar.cookieHeader(url, at);
  }

  boolean set(String url, String header) {
    return set(jar, url, header);
  }

  String header(String url) {
    return header(jar, url);
  }

  @Test
  void hostOnlyVersusDomainCookies() {
    set("http://home.example.org/", "host=1");
    set("http://home.example.org/", "dom=2; Domain=example.org");
    assertThat(header("http://home.example.org/")).isEqualTo("host=1; dom=2");
    assertThat(header("http://sub.home.example.org/")).isEqualTo("dom=2"); // requests#2576
    assertThat(header("http://example.org/")).isEqualTo("dom=2");
    assertThat(header("http://pythonicexample.org/")).isEmpty();
  }

  @Test
  void domainMustDomainMatchAndNotBeAPublicSuffix() {
    assertThat(set("http://home.example.org/", "a=1; domain=sibling.example.org")).isFalse();
    assertThat(set("http://home.example.org/", "a=1; domain=..home.example.org")).isFalse();
    assertThat(set("http://foo.example.co.uk/", "a=1; Domain=co.uk")).isFalse();
    assertThat(set("http://foo.example.co.uk/", "a=1; Domain=CO.UK")).isFalse(); // curl CVE-2023-46218
    assertThat(set("http://foo.example.co.uk/", "a=1; Domain=.uk")).isFalse();
    assertThat(set("https://foo1.foo.bar.elb.amazonaws.com/", "a=1; domain=bar.elb.amazonaws.com")).isFalse();
    assertThat(set("https://foo1.foo.bar.elb.amazonaws.com/", "b=1; domain=foo.bar.elb.amazonaws.com")).isTrue();
    assertThat(set("http://127.0.0.1/", "c=1; Domain=127.0.0.1")).isTrue();
    assertThat(set("http://127.0.0.1/", "d=1; Domain=0.0.1")).isFalse();
    // A Domain equal to a public-suffix host becomes host-only (5.7 step 9).
    assertThat(set("https://github.io/", "e=1; Domain=github.io")).isTrue();
    assertThat(header("https://x.github.io/")).isEmpty();
    assertThat(header("https://github.io/")).isEqualTo("e=1");
    assertThat(jar.setCookieOrExplain(Url.parse("http://a.example.com/"), "z=1; Domain=com", NOW, SiteContext.SAME_SITE))
        .hasValueSatisfying(reason -> assertThat(reason).contains("public suffix"));
  }

  @Test
  void pathMatchingAndDefaultPath() {
    set("http://x.com/any/thing", "p=1; Path=/any");
    set("http://x.com/dir/page", "d=1"); // default-path /dir
    assertThat(header("http://x.com/anybad/")).isEmpty();
    assertThat(header("http://x.com/any")).isEqualTo("p=1");
    assertThat(header("http://x.com/any/x")).isEqualTo("p=1");
    assertThat(header("http://x.com/dir")).isEqualTo("d=1");
    assertThat(header("http://x.com/dirt")).isEmpty();
  }

  @Test
  void orderIsLongerPathThenCreation() {
    set("http://x.com/", "a=1; Path=/");
    set("http://x.com/", "b=1; Path=/foo");
    set("http://x.com/", "c=1; Path=/");
    set("http://x.com/", "a=2; Path=/"); // replaces a, keeps its creation time and place
    assertThat(header("http://x.com/foo/bar")).isEqualTo("b=1; a=2; c=1");
  }

  @Test
  void expiryMaxAgeWinsAndIsCapped() {
    set("http://x.com/", "a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT; Max-Age=3600");
    assertThat(header("http://x.com/")).isEqualTo("a=1");
    assertThat(header(jar, "http://x.com/", NOW.plusSeconds(3601))).isEmpty();
    set("http://x.com/", "b=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT");
    Cookie b = jar.cookies().stream().filter(c -> c.name().equals("b")).findFirst().orElseThrow();
    assertThat(b.expires()).contains(NOW.plus(Duration.ofDays(400)));
    assertThat(set("http://x.com/", "b=1; Max-Age=0")).isTrue(); // deletes
    assertThat(header("http://x.com/")).isEmpty();
    set("http://x.com/", "c=1; max-age=-1");
    set("http://x.com/", "d=1; max-age=1e3"); // invalid: session cookie
    assertThat(header("http://x.com/")).isEqualTo("d=1");
  }

  @Test
  void secureCookiesOnlyFromAndToSecureOrigins() {
    assertThat(set("http://x.com/", "s=1; Secure")).isFalse();
    assertThat(set("https://x.com/", "s=2; Secure")).isTrue();
    assertThat(set("http://x.com/", "s=3")).isFalse(); // must not shadow the Secure cookie (5.7 step 16)
    assertThat(header("http://x.com/")).isEmpty();
    assertThat(header("https://x.com/")).isEqualTo("s=2");
    assertThat(header("wss://x.com/")).isEqualTo("s=2");
  }

  @Test
  void prefixes() {
    String u = "https://example.com/a";
    assertThat(set(u, "__Host-sid=e; Secure; Path=/; Domain=example.com")).isFalse();
    assertThat(set(u, "__Host-sid=e; Secure; Path=/admin")).isFalse();
    assertThat(set(u, "__Host-x=1; Secure")).isFalse();
    assertThat(set(u, "__Secure-x=e; Path=/")).isFalse();
    assertThat(set(u, "__host-y=1; Path=/")).isFalse();
    assertThat(set("http://example.com/", "__Secure-z=1; Secure")).isFalse();
    assertThat(set(u, "__Secure-yes; Path=/")).isFalse(); // nameless with a prefix-like value
    assertThat(set(u, "__Host-ok=1; Secure; Path=/")).isTrue();
    assertThat(set(u, "__Secure-ok=1; Secure; Domain=example.com")).isTrue();
  }

  @Test
  void sameSiteIsRecordedAndEnforcedForTheGivenContext() {
    set("https://x.com/", "s=1; SameSite=Strict");
    set("https://x.com/", "l=1; SameSite=Lax");
    set("https://x.com/", "n=1; SameSite=None; Secure");
    set("https://x.com/", "d=1");
    assertThat(set("https://x.com/", "bad=1; SameSite=None")).isFalse(); // needs Secure
    var t = Url.parse("https://x.com/");
    assertThat(jar.cookieHeader(t, NOW, SiteContext.SAME_SITE)).isEqualTo("s=1; l=1; n=1; d=1");
    assertThat(jar.cookieHeader(t, NOW, SiteContext.crossSiteNavigation("GET"))).isEqualTo("l=1; n=1; d=1");
    assertThat(jar.cookieHeader(t, NOW, SiteContext.crossSiteNavigation("POST"))).isEqualTo("n=1; d=1");
    assertThat(jar.setCookie(t, "x=1; SameSite=Lax", NOW, SiteContext.CROSS_SITE)).isFalse();
    assertThat(jar.setCookie(t, "x=1; SameSite=Lax", NOW, SiteContext.CROSS_SITE_SAFE_NAVIGATION)).isTrue();

    CookieJar lax = CookieJar.builder().policy(CookiePolicy.builder().laxByDefault(true).build()).build();
    set(lax, "https://x.com/", "d=1");
    assertThat(lax.cookieHeader(t, NOW, SiteContext.CROSS_SITE)).isEmpty();
  }

  @Test
  void controlCharactersAndOversizedCookiesAreIgnored() {
    assertThat(set("http://x.com/", "a=b\u0001c")).isFalse();
    assertThat(set("http://x.com/", "a=" + "v".repeat(5000))).isFalse();
    assertThat(header("http://x.com/")).isEmpty();
  }

  @Test
  void perDomainAndTotalLimitsEvictLeastRecentlyUsed() {
    CookieJar small = CookieJar.builder()
        .limits(CookieLimits.defaults().withMaxCookiesPerDomain(3).withMaxCookies(5)).build();
    set(small, "http://a.example.com/", "c1=1; Domain=example.com");
    set(small, "http://b.example.com/", "c2=1");
    set(small, "http://c.example.com/", "c3=1");
    header(small, "http://a.example.com/"); // touches c1
    set(small, "http://d.example.com/", "c4=1"); // group example.com is full: evicts c2 (least recent)
    assertThat(small.cookies()).extracting(Cookie::name).containsExactlyInAnyOrder("c1", "c3", "c4");
    set(small, "http://other.org/", "o1=1");
    set(small, "http://other.org/", "o2=1");
    set(small, "http://third.net/", "t1=1"); // total 6 > 5: evicts the least recent overall (c3)
    assertThat(small.size()).isEqualTo(5);
    assertThat(small.cookies()).extracting(Cookie::name).doesNotContain("c3");
  }

  @Test
  void cookieBombIsBoundedPerSiteAndHeaderIsCapped() {
    // curl CVE-2022-32205: many big cookies for a shared parent domain.
    for (int i = 0; i < 1000; i++) {
      set("http://a.example.test/", "c" + i + "=" + "x".repeat(4000) + "; Domain=example.test");
    }
    assertThat(jar.size()).isLessThanOrEqualTo(CookieLimits.DEFAULT_MAX_COOKIES_PER_DOMAIN);
    assertThat(header("http://b.example.test/").length()).isLessThanOrEqualTo(8190).isPositive();
  }

  @Test
  void listingAndClearing() {
    set("http://a.com/", "s=1");
    set("http://a.com/x/y", "p=1; Max-Age=100");
    set("http://b.com/", "q=1; Max-Age=100");
    assertThat(jar.cookies()).extracting(Cookie::name).containsExactly("s", "p", "q");
    assertThat(jar.clearSessionCookies()).isEqualTo(1);
    assertThat(jar.clear("a.com", "/x", "p")).isEqualTo(1);
    assertThat(jar.clear(".B.com")).isEqualTo(1);
    assertThat(jar.size()).isZero();
    set("http://a.com/", "s=1; Max-Age=10");
    assertThat(jar.removeExpired(NOW.plusSeconds(11))).isEqualTo(1);
  }

  @Test
  void policyBlocksAndAllowsDomains() {
    CookieJar blocked = CookieJar.builder().policy(CookiePolicy.builder().blockDomain("ads.com").build()).build();
    assertThat(set(blocked, "http://x.ads.com/", "a=1")).isFalse();
    assertThat(set(blocked, "http://ads.com.evil/", "a=1")).isTrue();
    CookieJar allowed = CookieJar.builder().policy(CookiePolicy.builder().allowDomain("good.com").build()).build();
    assertThat(set(allowed, "http://www.good.com/", "a=1")).isTrue();
    assertThat(set(allowed, "http://bad.com/", "a=1")).isFalse();
    // A cookie forced in is still not returned for a blocked domain.
    blocked.add(Cookie.builder("f", "1").domain("ads.com").build());
    assertThat(header(blocked, "http://ads.com/")).isEmpty();
  }

  @Test
  void pythonCompatiblePolicy() {
    CookieJar py = CookieJar.builder().policy(CookiePolicy.pythonCompatible()).build();
    assertThat(set(py, "http://foo.example.co.uk/", "a=1; Domain=co.uk")).isTrue(); // no PSL in Python
    assertThat(set(py, "http://foo.example.com/", "b=1; Domain=com")).isFalse(); // no embedded dot
    assertThat(set(py, "http://x.com/", "s=1; Secure")).isTrue(); // Python keeps it...
    assertThat(header(py, "http://x.com/")).isEmpty(); // ...and sends it only over https
    assertThat(header(py, "https://x.com/")).isEqualTo("s=1");
    assertThat(set(py, "http://x.com/", "__Host-x=1")).isTrue();
    // Host-only cookies still stay on their host (Python's DomainLiberal leak is not copied).
    set(py, "http://x.com/", "h=1");
    assertThat(header(py, "http://sub.x.com/")).isEmpty();
  }

  @Test
  void ipv6AndIpHostsAreNeverDomainMatched() {
    assertThat(set("http://[::1]:8080/", "a=1")).isTrue();
    assertThat(header("http://[::1]/")).isEqualTo("a=1");
    assertThat(set("http://1.2.3.4/", "b=1; Domain=2.3.4")).isFalse();
  }

  @Test
  void concurrentUseKeepsOneCookiePerIdentity() throws Exception {
    CookieJar shared = CookieJar.create();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int id = t;
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 2000; i++) {
          String host = "h" + (i % 20) + ".example.com";
          set(shared, "http://" + host + "/", "c" + (i % 7) + "=" + id + "; Domain=example.com; Max-Age=100");
          header(shared, "http://" + host + "/p");
          if (i % 500 == 0) shared.removeExpired(NOW);
        }
      }));
    }
    for (Future<?> f : futures) f.get();
    pool.shutdown();
    Set<String> identities = new HashSet<>();
    for (Cookie c : shared.cookies()) {
      assertThat(identities.add(c.name() + "|" + c.domain() + "|" + c.hostOnly() + "|" + c.path())).isTrue();
    }
    assertThat(shared.size()).isEqualTo(7);
  }
}
