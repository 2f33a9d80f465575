package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.http.Url;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Differential test of {@link CookiePolicy#pythonCompatible()} against the real Python {@code
 * http.cookiejar.CookieJar} with its {@code DefaultCookiePolicy}: the same Set-Cookie headers from
 * the same URLs, then the Cookie header each would send. Skipped when python3 is missing.
 */
class PythonCompatibilityTest {
  record Case(String name, List<String[]> set, String get) {}

  static Case c(String name, String get, String... setUrlThenHeader) {
    List<String[]> set = new java.util.ArrayList<>();
    for (int i = 0; i < setUrlThenHeader.length; i += 2) set.add(new String[] {setUrlThenHeader[i], setUrlThenHeader[i + 1]});
    return new Case(name, set, get);
  }

  /** Cases where we claim Python's behaviour (each is a switch of pythonCompatible or common ground). */
  static final List<Case> SAME = List.of(
      c("co.uk domain accepted (no PSL)", "http://bar.example.co.uk/", "http://foo.example.co.uk/", "a=1; Domain=co.uk"),
      c("single-label domain refused", "http://foo.example.com/", "http://foo.example.com/", "b=1; Domain=com"),
      c("Secure from http kept, sent over https", "https://x.com/", "http://x.com/", "s=1; Secure"),
      c("Secure not sent over http", "http://x.com/", "http://x.com/", "s=1; Secure"),
      c("prefixes ignored", "http://x.com/", "http://x.com/", "__Host-x=1", "http://x.com/", "__Secure-y=2"),
      c("SameSite=None without Secure kept", "http://x.com/", "http://x.com/", "n=1; SameSite=None"),
      c("valueless cookie", "http://x.com/", "http://x.com/", "foo"),
      c("quoted value kept", "http://x.com/", "http://x.com/", "q=\"a b\""),
      c("Max-Age=0 deletes", "http://x.com/", "http://x.com/", "a=1", "http://x.com/", "a=1; Max-Age=0"),
      c("expired Expires not stored", "http://x.com/", "http://x.com/", "e=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
      c("default path", "http://x.com/dir", "http://x.com/dir/page", "d=1", "http://x.com/other", "o=1"),
      c("path boundary (CVE-2018-20852 fix)", "http://x.com/anybad/", "http://x.com/any/thing", "p=1; Path=/any"),
      c("domain boundary", "http://pythonicexample.com/", "http://www.example.com/", "a=1; Domain=example.com"),
      c("domain cookie to subdomain", "http://a.b.example.com/", "http://www.example.com/", "a=1; Domain=.example.com"),
      c("foreign domain refused", "http://www.example.com/", "http://www.example.com/", "a=1; Domain=other.com"),
      c("replacement", "http://x.com/", "http://x.com/", "a=1", "http://x.com/", "a=2"),
      c("localhost is not secure to Python", "http://localhost/", "http://localhost/", "s=1; Secure", "http://localhost/", "p=1"));

  static Set<CookieHeader.Pair> pairs(String header) {
    return new HashSet<>(CookieHeader.parse(header).pairs());
  }

  static String ours(Case c) {
    CookieJar jar = CookieJar.builder().policy(CookiePolicy.pythonCompatible()).build();
    Instant now = Instant.now();
    for (String[] s : c.set()) jar.setCookie(Url.parse(s[0]), s[1], now);
    return jar.cookieHeader(Url.parse(c.get()), now);
  }

  static List<String> python(List<Case> cases) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ArrayNode input = json.createArrayNode();
    for (Case c : cases) {
      ObjectNode o = input.addObject();
      ArrayNode set = o.putArray("set");
      for (String[] s : c.set()) set.addArray().add(s[0]).add(s[1]);
      o.put("get", c.get());
    }
    String script = String.join("\n",
        "import sys, json, http.cookiejar, urllib.request, email.message",
        "class Resp:",
        "    def __init__(self, headers): self.headers = headers",
        "    def info(self):",
        "        m = email.message.Message()",
        "        for h in self.headers: m['Set-Cookie'] = h",
        "        return m",
        "out = []",
        "for case in json.load(sys.stdin):",
        "    cj = http.cookiejar.CookieJar()",
        "    for set_url, header in case['set']:",
        "        cj.extract_cookies(Resp([header]), urllib.request.Request(set_url))",
        "    req = urllib.request.Request(case['get'])",
        "    cj.add_cookie_header(req)",
        "    out.append(req.get_header('Cookie') or '')",
        "json.dump(out, sys.stdout)");
    Process p = new ProcessBuilder("python3", "-c", script).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(json.writeValueAsBytes(input));
    }
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    return List.of(json.readValue(out, String[].class));
  }

  @Test
  void pythonCompatiblePolicySendsWhatPythonSends() throws Exception {
    assumeTrue(CookieInteropTest.onPath("python3"), "python3 is not installed: skipping the http.cookiejar comparison");
    List<String> expected = python(SAME);
    for (int i = 0; i < SAME.size(); i++) {
      assertThat(pairs(ours(SAME.get(i)))).as(SAME.get(i).name()).isEqualTo(pairs(expected.get(i)));
    }
  }

  @Test
  void deliberateDifferenceHostOnlyCookiesStayOnTheirHost() throws Exception {
    assumeTrue(CookieInteropTest.onPath("python3"), "python3 is not installed: skipping the http.cookiejar comparison");
    // Python's default DomainLiberal sends a cookie set without Domain to subdomains (requests#2576).
    Case leak = c("host-only leak", "http://sub.x.com/", "http://x.com/", "h=1");
    assertThat(python(List.of(leak))).containsExactly("h=1");
    assertThat(ours(leak)).isEmpty();
  }
}
