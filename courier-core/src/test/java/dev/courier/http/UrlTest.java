package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlTest {

  @Test
  void repeatedAndCollidingUrlsEachParseToTheirOwnValue() {
    // "Aa" and "BB" have the same String hash: both URLs land in one slot of the parse cache.
    String a = "http://example.com/Aa";
    String b = "http://example.com/BB";
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    for (int i = 0; i < 3; i++) {
      assertThat(Url.parse(a).path()).isEqualTo("/Aa");
      assertThat(Url.parse(b).path()).isEqualTo("/BB");
      assertThat(Url.parse(new String(a)).toString()).isEqualTo(a);
    }
    // A URL with credentials parses the same every time (and is not kept between calls).
    String secret = "http://user:pw@example.com/";
    assertThat(Url.parse(secret).password()).isEqualTo("pw");
    assertThat(Url.parse(secret).password()).isEqualTo("pw");
  }

  @Test
  void onlyUrlsWithoutSecretsAreKeptBetweenParses() {
    // A repeated plain URL comes back from the parse cache; one whose query or fragment may carry
    // a key or token is parsed afresh each time, so the cache never holds it after its call.
    String plain = "http://example.com/v1/items";
    assertThat(Url.parse(plain)).isSameAs(Url.parse(plain));
    for (String secret : new String[] {"http://example.com/v1/items?api_key=s3cret",
        "http://example.com/cb#access_token=s3cret", "http://user:pw@example.com/"}) {
      Url first = Url.parse(secret);
      assertThat(Url.parse(secret)).isNotSameAs(first).isEqualTo(first);
    }
  }

  @Test
  void parsesTheParts() {
    Url url = Url.parse("https://user:pw@Example.COM:8443/a/b?x=1&y=2#frag");
    assertThat(url.scheme()).isEqualTo("https");
    assertThat(url.isHttps()).isTrue();
    assertThat(url.username()).isEqualTo("user");
    assertThat(url.password()).isEqualTo("pw");
    assertThat(url.host()).isEqualTo("example.com");
    assertThat(url.port()).isEqualTo(8443);
    assertThat(url.hasDefaultPort()).isFalse();
    assertThat(url.authority()).isEqualTo("example.com:8443");
    assertThat(url.path()).isEqualTo("/a/b");
    assertThat(url.pathSegments()).containsExactly("a", "b");
    assertThat(url.query()).contains("x=1&y=2");
    assertThat(url.fragment()).contains("frag");
    assertThat(url.target()).isEqualTo("/a/b?x=1&y=2");
    assertThat(url.origin()).isEqualTo("https://example.com:8443");
    assertThat(url.isIpAddress()).isFalse();
  }

  @Test
  void javadocExample() {
    Url url = Url.parse("https://user:pw@Example.COM:443/a b/../c?q=1#top");
    assertThat(url.host()).isEqualTo("example.com");
    assertThat(url.port()).isEqualTo(443);
    assertThat(url.path()).isEqualTo("/c");
    assertThat(url.target()).isEqualTo("/c?q=1");
    assertThat(url.toString()).isEqualTo("https://****@example.com/c?q=1#top");
    Url search = Url.parse("https://example.com/search").newBuilder()
        .addQueryParameter("q", "café au lait")
        .addQueryParameters(java.util.Map.of("tag", java.util.List.of("a", "b")))
        .build();
    assertThat(search.toString())
        .isEqualTo("https://example.com/search?q=caf%C3%A9+au+lait&tag=a&tag=b");
    assertThat(url.resolve("../x?y").toString()).isEqualTo("https://****@example.com/x?y");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "http://example.com                 | http://example.com/             | 80",
    "HTTP://EXAMPLE.COM:80/             | http://example.com/             | 80",
    "https://example.com:443            | https://example.com/            | 443",
    "https://example.com:80             | https://example.com:80/         | 80",
    "http://example.com:/               | http://example.com/             | 80",
    "http://example.com:0080/x          | http://example.com/x            | 80",
    "http://example.com:0/              | http://example.com:0/           | 0",
    "http://example.com:65535/          | http://example.com:65535/       | 65535",
    "ws://example.com                   | ws://example.com/               | 80",
    "wss://example.com:443/chat         | wss://example.com/chat          | 443",
    "http://example.com?q               | http://example.com/?q           | 80",
    "http://example.com#f               | http://example.com/#f           | 80",
    "http://a_b.example.com/            | http://a_b.example.com/         | 80",
    "http://example.com./               | http://example.com./            | 80",
  })
  void canonicalForm(String input, String canonical, int port) {
    Url url = Url.parse(input);
    assertThat(url.toString()).isEqualTo(canonical);
    assertThat(url.port()).isEqualTo(port);
    assertThat(url).isEqualTo(Url.parse(canonical)).hasSameHashCodeAs(Url.parse(canonical));
  }

  @Test
  void emptyPathIsSlashForHttp() {
    assertThat(Url.parse("http://h").path()).isEqualTo("/");
    assertThat(Url.parse("http://h?x").target()).isEqualTo("/?x");
    assertThat(Url.parse("foo://h").path()).isEmpty();
  }

  @Test
  void otherSchemesParse() {
    Url mail = Url.parse("mailto:someone@example.com");
    assertThat(mail.scheme()).isEqualTo("mailto");
    assertThat(mail.host()).isEmpty();
    assertThat(mail.path()).isEqualTo("someone@example.com");
    assertThat(mail.port()).isEqualTo(-1);
    assertThat(mail.authority()).isEmpty();
    assertThat(mail.origin()).isEqualTo("null");
    assertThat(mail.sameOrigin(mail)).isFalse();
    assertThat(Url.parse("urn:isbn:0451450523").toString()).isEqualTo("urn:isbn:0451450523");
    Url file = Url.parse("file:///etc/hosts");
    assertThat(file.host()).isEmpty();
    assertThat(file.path()).isEqualTo("/etc/hosts");
    assertThat(file.toString()).isEqualTo("file:///etc/hosts");
    assertThat(Url.parse("tel:911").toString()).isEqualTo("tel:911");
    assertThat(Url.parse("git+ssh://git@host:2222/repo").port()).isEqualTo(2222);
  }

  // ------------------------------------------------------------------ what users type

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "example.com            | http://example.com",
    "example.com/path?q=1   | http://example.com/path?q=1",
    "localhost:8080         | http://localhost:8080",
    "localhost:8080/x       | http://localhost:8080/x",
    "example.com:443        | http://example.com:443",
    "127.0.0.1:9000         | http://127.0.0.1:9000",
    "[::1]:8080             | http://[::1]:8080",
    "//example.com/x        | http://example.com/x",
  })
  void missingSchemeSuggestsHttp(String input, String suggestion) {
    assertThatThrownBy(() -> Url.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no scheme")
        .hasMessageContaining("did you mean '" + suggestion + "'")
        .hasMessageNotContaining("secret");
    assertThat(Url.tryParse(input)).isEmpty();
  }

  @Test
  void relativeReferenceGetsAHintAboutResolve() {
    assertThatThrownBy(() -> Url.parse("/just/a/path"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relative reference")
        .hasMessageContaining("resolve");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''                         | URL is empty",
    "' http://example.com/'     | starts with a space",
    "'http://example.com/ '     | ends with a space",
    "'http://example.com/\n'    | ends with control character 0x0a",
    "http:example.com           | has no host",
    "http:/example.com          | has no host",
    "http:///example.com        | has no host",
    "http://                    | has no host",
    "http://:80/                | has no host",
    "http://user@/              | has no host",
    "https://?q                 | has no host",
    "http://example.com:80a/    | port '80a'",
    "http://example.com:-1/     | port '-1'",
    "http://example.com:+80/    | port '+80'",
    "http://example.com:65536/  | out of range",
    "http://example.com:99999999999999999999/ | out of range",
    "http://example.com:８０/    | is not a number",
    "http://exa mple.com/       | a space (0x20) at index 10",
    "http://exa<mple.com/       | '<'",
    "http://exa%20mple.com/     | a space (0x20)",
    "http://exa%0d%0amp.com/    | control character 0x0d",
    "http://exa%00mp.com/       | control character 0x00",
    "http://example.com%2flogin/ | '/'",
    "http://example.com%zz/     | not a %XX escape",
    "http://ex%ffample.com/     | invalid UTF-8",
    "http://evil.com\\@good.com/ | backslash",
    "http:\\\\evil.com\\x       | has no host",
    "http://h/a\\b              | backslash at index 10 in its path",
    "http://::1/                | brackets",
    "http://[::1/               | no closing ']'",
    "http://[::1]x/             | after IPv6 host",
    "http://[::1::2]/           | not an IPv6 address",
    "http://[1:2:3:4:5:6:7:8:9]/ | not an IPv6 address",
    "http://[::ffff:1.2.3.04]/  | not an IPv6 address",
    "http://[v1.fe]/            | IPvFuture",
    "http://[fe80::1%25]/       | empty zone id",
    "http://1.2.3.256/          | over 255",
    "http://256.1.1.1/          | over 255",
    "http://1.2.3.4.5/          | more than 4 parts",
    "http://4294967296/         | over 4294967295",
    "http://a.09/               | is not a number",
    "http://foo.0x/             | is not a number",
    "http://faß.de/             | U+00DF",
    "http://a󠄁.example/ | U+E0101",
    "http://ⰰ.example/          | cannot map the way browsers do",
    "http://a]b/                | ']'",
    "http://xn--/               | not valid Punycode",
    "http://a.xn--zz-/          | not valid Punycode",
    "file://u@host/etc          | may not have a user name",
    "file://host:21/etc         | may not have a user name, password or port",
  })
  void refuses(String input, String message) {
    assertThatThrownBy(() -> Url.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
    assertThat(Url.tryParse(input)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "http://exa\tmple.com/", "http://example.com/a\tb", "http://example.com/?a=\r\nX: 1",
    "http://example.com/#\n", "http://local\rhost/", "http://exa\u0000mple.com/",
    "http://exa\u007fmple.com/", "http://exa\u000bmple.com/"
  })
  void refusesTabCrLfAnywhereAndControlsInTheAuthority(String input) {
    assertThatThrownBy(() -> Url.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n", "\t", "\u0000"));
  }

  @Test
  void nullIsRefused() {
    assertThatThrownBy(() -> Url.parse(null)).isInstanceOf(NullPointerException.class);
  }

  // ------------------------------------------------------------------ userinfo and redaction

  @Test
  void lastAtSignSplitsTheUserinfo() {
    Url url = Url.parse("http://user@host@evil.com/");
    assertThat(url.host()).isEqualTo("evil.com");
    assertThat(url.username()).isEqualTo("user@host");
    assertThat(url.toUnredactedString()).isEqualTo("http://user%40host@evil.com/");
    assertThat(url.toString()).isEqualTo("http://****@evil.com/");
    assertThat(Url.parse("http://good.com@evil.com/").host()).isEqualTo("evil.com");
    Url password = Url.parse("http://u:p@ss:w@rd@h.test/");
    assertThat(password.username()).isEqualTo("u");
    assertThat(password.password()).isEqualTo("p@ss:w@rd");
    assertThat(password.host()).isEqualTo("h.test");
    assertThat(Url.parse(password.toUnredactedString())).isEqualTo(password);
  }

  @Test
  void manyAtSignsParseInLinearTime() {
    String input = "http://" + "@".repeat(200_000) + "x/";
    Url url = Url.parse(input);
    assertThat(url.host()).isEqualTo("x");
    assertThat(url.username()).hasSize(199_999);
  }

  @Test
  void userinfoIsDecodedAndReEncoded() {
    Url url = Url.parse("http://J%C3%BCrgen:p%3Aw%2F%25d@h/");
    assertThat(url.username()).isEqualTo("Jürgen");
    assertThat(url.password()).isEqualTo("p:w/%d");
    assertThat(url.toUnredactedString()).isEqualTo("http://J%C3%BCrgen:p%3Aw%2F%25d@h/");
    assertThat(Url.parse("http://@h/").toString()).isEqualTo("http://h/");
    assertThat(Url.parse("http://:@h/").toString()).isEqualTo("http://h/");
    assertThat(Url.parse("http://u:@h/").toUnredactedString()).isEqualTo("http://u@h/");
    assertThat(Url.parse("http://u:@h/").toString()).isEqualTo("http://****@h/");
    assertThat(Url.parse("http://:p@h/").password()).isEqualTo("p");
  }

  @Test
  void toStringHidesTheUserInfo() {
    Url url = Url.parse("http://user:s3cr3t@example.com/x");
    assertThat(url.toString()).isEqualTo("http://****@example.com/x");
    assertThat(url.redacted()).isEqualTo("http://****@example.com/x");
    // A user name alone can be the secret (a token sent as the Basic user): it is hidden too.
    assertThat(Url.parse("https://ghp_token@github.com/o/r.git").redacted()).isEqualTo("https://****@github.com/o/r.git");
    assertThat(Url.parse("https://example.com/a").redacted()).isEqualTo("https://example.com/a");
    assertThat(url.toUnredactedString()).isEqualTo("http://user:s3cr3t@example.com/x");
    assertThat(url.toUri().toString()).isEqualTo("http://user:s3cr3t@example.com/x");
    assertThat(url.withoutUserInfo().toString()).isEqualTo("http://example.com/x");
    assertThat(url.authority()).isEqualTo("example.com");
    assertThat(url.origin()).doesNotContain("s3cr3t", "user");
    assertThat(url.resolve("y").toString()).doesNotContain("s3cr3t");
    assertThat(url.newBuilder().build().password()).isEqualTo("s3cr3t");
    assertThat(url).isNotEqualTo(Url.parse("http://user:other@example.com/x"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "http://user:s3cr3t@exa mple.com/", "http://user:s3cr3t@host:80x/",
    "http://user:s3cr3t@[::1/", "//user:s3cr3t@host/", "http://user:s3cr3t@ho%zzst/",
    " http://user:s3cr3t@host/", "http://user:s3cr3t@/"
  })
  void errorMessagesNeverShowTheUserInfo(String input) {
    assertThatThrownBy(() -> Url.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cr3t")
        .hasMessageNotContaining("user:");
  }

  @Test
  void redactHidesUserInfoInTextThatDidNotParse() {
    assertThat(Url.redact("http://alice:s3cr3t@exa mple.com/p@th")).isEqualTo("http://****@exa mple.com/p@th");
    assertThat(Url.redact("alice:s3cr3t@host/x")).isEqualTo("****@host/x");
    assertThat(Url.redact("http://a@b@evil.com/")).isEqualTo("http://****@evil.com/");
    assertThat(Url.redact("http://example.com/x?to=a@b")).isEqualTo("http://example.com/x?to=a@b");
    assertThat(Url.redact("http://u:p@h/\r\nX-Injected: 1")).isEqualTo("http://****@h/\\x0d\\x0aX-Injected: 1");
  }

  // ------------------------------------------------------------------ hosts

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "http://EXAMPLE.Com/                 | example.com",
    "http://bücher.example/              | xn--bcher-kva.example",
    "http://BÜCHER.example/              | xn--bcher-kva.example",
    "http://b%C3%BCcher.example/         | xn--bcher-kva.example",
    "http://xn--bcher-kva.example/       | xn--bcher-kva.example",
    "http://例え.テスト/                  | xn--r8jz45g.xn--zckzah",
    "http://ｅｘａｍｐｌｅ.com/            | example.com",
    "http://example。com/                | example.com",
    "http://ex%41mple.com/               | example.com",
    // Expected values from a WHATWG parser (Node 20 URL), including characters newer than the
    // Unicode 3.2 tables of java.net.IDN:
    "http://😀.example/                  | xn--e28h.example",
    "http://i❤.ws/                       | xn--i-7iq.ws",
    "http://☃.net/                       | xn--n3h.net",
    "http://á.example/             | xn--1ca.example",
    "http://ÉCOLE.example/               | xn--cole-9oa.example",
  })
  void hostNamesAreCanonical(String input, String host) {
    Url url = Url.parse(input);
    assertThat(url.host()).isEqualTo(host);
    assertThat(url.isIpAddress()).isFalse();
  }

  @Test
  void fullwidthSlashInAnIdnCannotSplitTheHost() {
    // U+FF0F FULLWIDTH SOLIDUS maps to "/" under NFKC; it must not become a path separator.
    assertThatThrownBy(() -> Url.parse("http://evil.com\uff0f.good.com/"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hostIsCanonicalUnderATurkishLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertThat(Url.parse("HTTP://TITLE.EXAMPLE/").host()).isEqualTo("title.example");
      assertThat(Url.parse("HTTP://TITLE.EXAMPLE/").scheme()).isEqualTo("http");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "http://127.0.0.1/           | 127.0.0.1",
    "http://127.1/               | 127.0.0.1",
    "http://127.0.1/             | 127.0.0.1",
    "http://0x7f.1/              | 127.0.0.1",
    "http://0X7F.0.0.1/          | 127.0.0.1",
    "http://2130706433/          | 127.0.0.1",
    "http://017700000001/        | 127.0.0.1",
    "http://0177.0.0.1/          | 127.0.0.1",
    "http://010.0.0.1/           | 8.0.0.1",
    "http://0/                   | 0.0.0.0",
    "http://127.0.0.1./          | 127.0.0.1",
    "http://%31%32%37.0.0.1/     | 127.0.0.1",
    "http://１２７.０.０.１/       | 127.0.0.1",
    "http://4294967295/          | 255.255.255.255",
    "http://0x.0x.0x.0x/         | 0.0.0.0",
  })
  void ipv4InEveryInetAtonFormIsCanonicalized(String input, String host) {
    Url url = Url.parse(input);
    assertThat(url.host()).isEqualTo(host);
    assertThat(url.isIpAddress()).isTrue();
    assertThat(url.authority()).isEqualTo(host);
  }

  @Test
  void namesThatOnlyLookNumericStayNames() {
    assertThat(Url.parse("http://1.2.3.example/").isIpAddress()).isFalse();
    assertThat(Url.parse("http://0x7f.example/").host()).isEqualTo("0x7f.example");
    assertThat(Url.parse("http://example.com1/").host()).isEqualTo("example.com1");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "http://[::1]/                          | ::1              | [::1]",
    "http://[::1]:8080/                     | ::1              | [::1]:8080",
    "http://[0:0:0:0:0:0:0:1]/              | ::1              | [::1]",
    "http://[2001:DB8::0:1]/                | 2001:db8::1      | [2001:db8::1]",
    "http://[2001:db8:0:0:1:0:0:1]/         | 2001:db8::1:0:0:1 | [2001:db8::1:0:0:1]",
    "http://[2001:db8:0:1:1:1:1:1]/         | 2001:db8:0:1:1:1:1:1 | [2001:db8:0:1:1:1:1:1]",
    "http://[::ffff:192.168.0.1]/           | ::ffff:c0a8:1    | [::ffff:c0a8:1]",
    "http://[::]/                           | ::               | [::]",
    "http://[1::]/                          | 1::              | [1::]",
    "http://[fe80::1%25eth0]/               | fe80::1%eth0     | [fe80::1]",
    "http://[fe80::1%eth0]:81/              | fe80::1%eth0     | [fe80::1]:81",
  })
  void ipv6Literals(String input, String host, String authority) {
    Url url = Url.parse(input);
    assertThat(url.host()).isEqualTo(host);
    assertThat(url.authority()).isEqualTo(authority);
    assertThat(url.isIpAddress()).isTrue();
    assertThat(Url.parse(url.toString())).isEqualTo(url);
  }

  @Test
  void ipv6ZoneIdIsKeptInTheUrlButNotInTheHostHeader() {
    Url url = Url.parse("http://[fe80::1%25en0]:8080/x");
    assertThat(url.toString()).isEqualTo("http://[fe80::1%25en0]:8080/x");
    assertThat(url.authority()).isEqualTo("[fe80::1]:8080");
    assertThat(url.origin()).isEqualTo("http://[fe80::1%25en0]:8080");
  }

  // ------------------------------------------------------------------ percent-encoding

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "http://h/a b                 | http://h/a%20b",
    "http://h/a%20b               | http://h/a%20b",
    "http://h/a%2fb               | http://h/a%2Fb",
    "http://h/100%                | http://h/100%25",
    "http://h/100%25              | http://h/100%25",
    "http://h/%zz                 | http://h/%25zz",
    "http://h/%e2%82%ac           | http://h/%E2%82%AC",
    "http://h/€                   | http://h/%E2%82%AC",
    "http://h/ü?ü#ü               | http://h/%C3%BC?%C3%BC#%C3%BC",
    "http://h/😀                  | http://h/%F0%9F%98%80",
    "http://h/a\"<>`{}^           | http://h/a%22%3C%3E%60%7B%7D%5E",
    "http://h/!$&'()*+,;=:@~-._   | http://h/!$&'()*+,;=:@~-._",
    "http://h/?a=b&c=d+e/?:@!$'() | http://h/?a=b&c=d+e/?:@!$'()",
    "http://h/?q=a b&r=[x]\\      | http://h/?q=a%20b&r=%5Bx%5D%5C",
    "http://h/?#a#b               | http://h/?#a%23b",
    "http://h/a\u0001b\u007f      | http://h/a%01b%7F",
    "http://h/a/./b/../c          | http://h/a/c",
    "http://h/a/%2e/b/%2E%2e/c    | http://h/a/c",
    "http://h/a/..               | http://h/",
    "http://h/..%2f..%2fetc       | http://h/..%2F..%2Fetc",
    "http://h/a/.../b             | http://h/a/.../b",
  })
  void pathQueryAndFragmentAreEncodedCanonically(String input, String canonical) {
    Url url = Url.parse(input);
    assertThat(url.toString()).isEqualTo(canonical);
    assertThat(Url.parse(url.toString()).toString()).isEqualTo(canonical);
  }

  @Test
  void verticalBarIsEncodedInThePath() {
    assertThat(Url.parse("http://h/a|b").path()).isEqualTo("/a%7Cb");
  }

  @Test
  void supplementaryCharactersAreNotMistakenForSurrogates() {
    // U+EDB7D: its low 16 bits (0xDB7D) fall in the surrogate range; found by UrlFuzzTest.
    String c = new String(Character.toChars(0xEDB7D));
    Url url = Url.parse("http://u" + c + ":p" + c + "@h/" + c);
    assertThat(url.path()).isEqualTo("/%F3%AD%AD%BD");
    assertThat(url.username()).isEqualTo("u" + c);
    assertThat(url.password()).isEqualTo("p" + c);
    assertThat(Url.parse(url.toUnredactedString())).isEqualTo(url);
  }

  @Test
  void loneSurrogateBecomesReplacementCharacter() {
    assertThat(Url.parse("http://h/a\ud800b").path()).isEqualTo("/a%EF%BF%BDb");
  }

  @Test
  void queryParametersAreReadBack() {
    Url url = Url.parse("http://h/?a=1&b=x+y&a=2&c&d=%C3%BC&e=");
    assertThat(url.queryParameter("a")).contains("1");
    assertThat(url.queryParameterValues("a")).containsExactly("1", "2");
    assertThat(url.queryParameter("b")).contains("x y");
    assertThat(url.queryParameter("c")).contains("");
    assertThat(url.queryParameter("d")).contains("ü");
    assertThat(url.queryParameter("e")).contains("");
    assertThat(url.queryParameter("z")).isEmpty();
    assertThat(Url.parse("http://h/").queryParameterValues("a")).isEmpty();
  }

  @Test
  void emptyQueryAndFragmentAreKept() {
    Url url = Url.parse("http://h/p?#");
    assertThat(url.query()).isEqualTo(Optional.of(""));
    assertThat(url.fragment()).isEqualTo(Optional.of(""));
    assertThat(url.toString()).isEqualTo("http://h/p?#");
    assertThat(url.target()).isEqualTo("/p?");
    assertThat(url).isNotEqualTo(Url.parse("http://h/p"));
  }

  @Test
  void pathSegmentsAreDecoded() {
    assertThat(Url.parse("http://h/a/b%20c/").pathSegments()).containsExactly("a", "b c", "");
    assertThat(Url.parse("http://h/").pathSegments()).containsExactly("");
    assertThat(Url.parse("http://h/a%2Fb").pathSegments()).containsExactly("a/b");
  }

  // ------------------------------------------------------------------ origins and withers

  @Test
  void origins() {
    Url a = Url.parse("http://example.com/x");
    assertThat(a.origin()).isEqualTo("http://example.com:80");
    assertThat(a.sameOrigin(Url.parse("http://EXAMPLE.com:80/y?z"))).isTrue();
    assertThat(a.sameOrigin(Url.parse("https://example.com/x"))).isFalse();
    assertThat(a.sameOrigin(Url.parse("http://example.com:8080/x"))).isFalse();
    assertThat(a.sameOrigin(Url.parse("http://www.example.com/x"))).isFalse();
    assertThat(a.sameOrigin(Url.parse("http://u:p@example.com/"))).isTrue();
    assertThat(Url.parse("http://127.1/").sameOrigin(Url.parse("http://127.0.0.1:80/"))).isTrue();
    assertThat(Url.parse("https://[::1]/").origin()).isEqualTo("https://[::1]:443");
  }

  @Test
  void withers() {
    Url url = Url.parse("http://u:p@h/x?q#f");
    assertThat(url.withoutFragment().toUnredactedString()).isEqualTo("http://u:p@h/x?q");
    assertThat(url.withoutUserInfo().toString()).isEqualTo("http://h/x?q#f");
    assertThat(url.withoutUserInfo().withoutFragment().toString()).isEqualTo("http://h/x?q");
    Url plain = Url.parse("http://h/");
    assertThat(plain.withoutFragment()).isSameAs(plain);
    assertThat(plain.withoutUserInfo()).isSameAs(plain);
  }

  @Test
  void defaultPorts() {
    assertThat(Url.defaultPort("http")).isEqualTo(80);
    assertThat(Url.defaultPort("HTTPS")).isEqualTo(443);
    assertThat(Url.defaultPort("gopher")).isEqualTo(-1);
    assertThat(Url.parse("http://h:80/").hasDefaultPort()).isTrue();
    assertThat(Url.parse("http://h:81/").hasDefaultPort()).isFalse();
  }

  @Test
  void toUriInterop() {
    assertThat(Url.parse("https://bücher.example/ü?q=a b#f").toUri().getHost())
        .isEqualTo("xn--bcher-kva.example");
    assertThat(Url.parse("http://[::1]:8080/").toUri().getPort()).isEqualTo(8080);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/small.json", "https://api.example.com/v1/users?page=2#top",
      "http://example.com/", "ftp://files.example:2121/pub", "mailto:ada@example.com", "file:///etc/hosts"})
  void canonicalInputIsKeptAsItsOwnCanonicalForm(String input) {
    Url url = Url.parse(input);
    assertThat(url.toString()).isSameAs(input); // no copy for text already canonical
  }

  @ParameterizedTest
  @CsvSource({
      "HTTP://example.com/a, http://example.com/a",
      "http://example.com, http://example.com/",
      "http://example.com:80/, http://example.com/",
      "http://example.com:080/x, http://example.com/x",
      "http://EXAMPLE.com:8080/x, http://example.com:8080/x",
      "http://127.1/, http://127.0.0.1/",
      "http://[::1]:8080/, http://[::1]:8080/",
      "http://user@example.com/, http://user@example.com/",
      "http://example.com/a/./b/../c, http://example.com/a/c",
      "http://example.com/%7e?q=%zz, http://example.com/%7E?q=%25zz"})
  void otherInputIsSerializedFromItsParts(String input, String canonical) {
    assertThat(Url.parse(input).toUnredactedString()).isEqualTo(canonical);
  }
}
