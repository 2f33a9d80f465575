package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SetCookieTest {
  @Test
  void parsesEveryAttribute() {
    SetCookie c = SetCookie.parse(
        "sid=31d4d96e; Expires=Wed, 09 Jun 2021 10:18:14 GMT; Max-Age=3600; Domain=.Example.COM; "
            + "Path=/docs; Secure; HttpOnly; SameSite=lax; Partitioned; Priority=High");
    assertThat(c.name()).isEqualTo("sid");
    assertThat(c.value()).isEqualTo("31d4d96e");
    assertThat(c.expires()).contains(Instant.parse("2021-06-09T10:18:14Z"));
    assertThat(c.maxAge()).hasValue(3600);
    assertThat(c.domain()).contains("example.com");
    assertThat(c.path()).contains("/docs");
    assertThat(c.secure()).isTrue();
    assertThat(c.httpOnly()).isTrue();
    assertThat(c.sameSite()).isEqualTo(SameSite.LAX);
    assertThat(c.partitioned()).isTrue();
    assertThat(c.extensions()).containsExactly(new SetCookie.Attribute("Priority", "High"));
    assertThat(c.attribute("priority")).contains("High");
  }

  @Test
  void lastValidAttributeWinsAndInvalidOnesAreIgnored() {
    SetCookie c = SetCookie.parse("a=b; Max-Age=10; Max-Age=1e3; Expires=garbage; Domain=; Path=/x; Path=rel");
    assertThat(c.maxAge()).hasValue(10); // 1e3 is not 1*DIGIT: ignored (5.6.2)
    assertThat(c.expires()).isEmpty();
    assertThat(c.domain()).isEmpty(); // empty Domain ignored (5.6.3)
    assertThat(c.path()).isEmpty(); // the last Path is not absolute: default-path (5.6.4)
    assertThat(c.hasPathAttribute()).isTrue();
    assertThat(SetCookie.parse("a=b; max-age=-1").maxAge()).hasValue(-1);
    assertThat(SetCookie.parse("a=b; max-age=-").maxAge()).isEmpty();
    assertThat(SetCookie.parse("a=b; max-age=99999999999999999999999").maxAge()).hasValue(Long.MAX_VALUE);
    assertThat(SetCookie.parse("a=b; SameSite=Lax; SameSite=bogus").sameSite()).isEqualTo(SameSite.DEFAULT);
  }

  @Test
  void namelessCookiesAndWhitespace() {
    assertThat(SetCookie.parse("foo").name()).isEmpty();
    assertThat(SetCookie.parse("foo").value()).isEqualTo("foo");
    assertThat(SetCookie.parse("=a=b").value()).isEqualTo("a=b");
    assertThat(SetCookie.parse(" \ta b \t=  c d\t; Path=/").name()).isEqualTo("a b");
    assertThat(SetCookie.parse(" \ta b \t=  c d\t; Path=/").value()).isEqualTo("c d");
    assertThatThrownBy(() -> SetCookie.parse("=")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SetCookie.parse("; a=b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void controlCharactersRejectTheWholeLineNeverTruncate() {
    // curl CVE-2022-35252, RFC 6265bis 5.6 step 1: ignored entirely, not cut at the CTL.
    for (String bad : new String[] {"a=b\u0001c", "a=b\u007f", "a=b\u0000c", "a=b\r\nX-Admin: yes", "a=b; Path=/\n"}) {
      assertThat(SetCookie.tryParse(bad)).as(bad).isEmpty();
    }
    assertThat(SetCookie.parse("a=b\tc").value()).isEqualTo("b\tc"); // HTAB is allowed
  }

  @Test
  void sizeLimits() {
    String v4093 = "v".repeat(4093);
    assertThat(SetCookie.tryParse("abc=" + v4093)).isPresent(); // 3 + 4093 = 4096
    assertThat(SetCookie.tryParse("abcd=" + v4093)).isEmpty();
    SetCookie c = SetCookie.parse("a=b; Path=/" + "p".repeat(1023) + "; Path=/" + "p".repeat(1024));
    assertThat(c.path()).contains("/" + "p".repeat(1023)); // the 1025-octet value is ignored
  }

  @Test
  void pathologicalInputsFinish() {
    // Security rows 73-74: one pass each, no backtracking (no timing assertion, just termination).
    assertThat(SetCookie.parse("a=b" + ";".repeat(100_000)).attributes()).isEmpty();
    assertThat(SetCookie.parse("a" + "t".repeat(3000)).value()).hasSize(3001);
    assertThat(SetCookie.parse("a=b; Expires=1-c-1" + " ".repeat(900) + "!").expires()).isEmpty();
  }

  @Test
  void rendersForServers() {
    String header = SetCookie.builder("sid", "31d4d96e")
        .path("/").secure(true).httpOnly(true).sameSite(SameSite.LAX).maxAge(Duration.ofHours(1))
        .build().toString();
    assertThat(header).isEqualTo("sid=31d4d96e; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax");
    assertThat(SetCookie.builder("a", "b").expires(Instant.parse("2030-01-02T03:04:05.9Z"))
        .domain("Example.com").attribute("Priority", "High").build().toString())
        .isEqualTo("a=b; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Domain=example.com; Priority=High");
    assertThat(SetCookie.builder("q", "\"quoted\"").build().toString()).isEqualTo("q=\"quoted\"");
  }

  @Test
  void renderingRefusesInjection() {
    assertThatThrownBy(() -> SetCookie.builder("a", "abc\r\nX-Admin: yes")).hasMessageContaining("0x0d");
    assertThatThrownBy(() -> SetCookie.builder("a;b", "1")).hasMessageContaining("';' at 1");
    assertThatThrownBy(() -> SetCookie.builder("a", "x;y")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SetCookie.builder("a", "\"\\;Domain=evil\"")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SetCookie.builder("a", "b").path("/x;Domain=evil")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SetCookie.builder("a", "b").domain("evil.com\r\n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SetCookie.builder("a", "b").attribute("X", "1\n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SetCookie.builder("a", "b").sameSite(SameSite.NONE).build()).hasMessageContaining("Secure");
    assertThatThrownBy(() -> SetCookie.builder("__Host-a", "b").secure(true).path("/x").build()).hasMessageContaining("__Host-");
    assertThatThrownBy(() -> SetCookie.builder("__Secure-a", "b").build()).hasMessageContaining("__Secure-");
  }

  @Test
  void quoteAndUnquoteRoundTripAnyText() {
    for (String s : new String[] {"plain", "a b", "semi;colon", "quo\"te", "back\\slash", "caf\u00e9 \u263a", ""}) {
      String quoted = SetCookie.quote(s);
      SetCookie.builder("n", quoted).build(); // always acceptable as a value
      assertThat(CookieHeader.unquote(quoted)).isEqualTo(s);
    }
    assertThat(SetCookie.quote("a;b")).isEqualTo("\"a\\073b\"");
  }

  @Test
  void renderParseRoundTrip() {
    for (String s : new String[] {
        "=a=b", "foo", "a=b; Domain=.; Path=", "a=b; path=/x; max-age=0; samesite=strict; x=y; flag",
        "a=\"q\"; Expires=Thu, 01 Jan 1970 00:00:00 GMT"}) {
      SetCookie c = SetCookie.parse(s);
      assertThat(SetCookie.parse(c.toString())).as(s).isEqualTo(c);
      assertThat(SetCookie.parse(c.toString()).domain()).isEqualTo(c.domain());
      assertThat(SetCookie.parse(c.toString()).hasPathAttribute()).isEqualTo(c.hasPathAttribute());
    }
  }
}
