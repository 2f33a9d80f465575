package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetrcTest {
  @Test
  void parsesMachinesDefaultAndAccount() {
    Netrc n = Netrc.parse("""
        # my credentials
        machine api.example.com
          login ada
          password "s3 cr\\"et"
          account acct
        machine Other.Example.COM login bob password pw
        default login anon password guest
        """);
    assertThat(n.credentials("api.example.com")).contains(new Netrc.Entry("ada", "s3 cr\"et", "acct"));
    assertThat(n.credentials("API.EXAMPLE.com")).map(Netrc.Entry::login).contains("ada");
    assertThat(n.credentials("other.example.com")).map(Netrc.Entry::login).contains("bob");
    assertThat(n.credentials("unknown.test")).map(Netrc.Entry::login).contains("anon");
    assertThat(n.toString()).doesNotContain("pw");
    assertThat(n.credentials("api.example.com").orElseThrow().toString()).doesNotContain("s3");
  }

  @Test
  void matchesHostsExactly() {
    Netrc n = Netrc.parse("machine example.com login a password b");
    assertThat(n.credentials("evil.example.com")).isEmpty();
    assertThat(n.credentials("example.com.evil.test")).isEmpty();
    assertThat(n.credentials("example.com")).isPresent();
  }

  @Test
  void skipsMacroBodies() {
    Netrc n = Netrc.parse("""
        macdef init
        cd /pub
        machine fake login no password no

        machine real.test login yes password yes
        """);
    assertThat(n.credentials("fake")).isEmpty();
    assertThat(n.credentials("real.test")).map(Netrc.Entry::login).contains("yes");
  }

  @Test
  void singleLineAndFirstEntryWins() {
    Netrc n = Netrc.parse("machine h login one password 1 machine h login two password 2");
    assertThat(n.credentials("h")).map(Netrc.Entry::login).contains("one");
  }

  @Test
  void otherControlCharactersAreTokenCharacters() {
    // found by fuzzing: a vertical tab once made the tokenizer loop on an empty token
    Netrc n = Netrc.parse("machine a\u000b login x password y");
    assertThat(n.credentials("a\u000b")).isEmpty();
    Netrc fs = Netrc.parse("machine a\u001cb login x password y");
    assertThat(fs.credentials("a\u001cb")).map(Netrc.Entry::login).contains("x");
  }

  @Test
  void errorsNameTheLine() {
    assertThatThrownBy(() -> Netrc.parse("machine a login x\nmachine b frobnicate y"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageContaining("frobnicate");
    assertThatThrownBy(() -> Netrc.parse("machine a login x password"))
        .hasMessageContaining("without a value");
    assertThatThrownBy(() -> Netrc.parse("login x")).hasMessageContaining("expected 'machine'");
    assertThatThrownBy(() -> Netrc.parse("machine a password \"open")).hasMessageContaining("unterminated");
  }

  @Test
  void aValueSpelledMacdefIsAValueNotAMacro() {
    Netrc n = Netrc.parse("machine a.test login macdef password p\nmachine b.test login bob password q\n");
    assertThat(n.credentials("a.test")).contains(new Netrc.Entry("macdef", "p", ""));
    assertThat(n.credentials("b.test")).map(Netrc.Entry::login).contains("bob"); // not swallowed as a macro body
  }
}
