package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldSyntaxTest {
  private static final String TCHAR_SPECIALS = "!#$%&'*+-.^_`|~";

  @Test
  void tokenCharsAreExactlyTheRfc9110Set() {
    for (int c = 0; c < 0x200; c++) {
      boolean expected =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c < 128 && TCHAR_SPECIALS.indexOf(c) >= 0);
      assertThat(FieldSyntax.isTokenChar(c)).as("char 0x%02x", c).isEqualTo(expected);
    }
    assertThat(FieldSyntax.isTokenChar(-1)).isFalse();
    assertThat(FieldSyntax.isTokenChar(Integer.MIN_VALUE)).isFalse();
    // Delimiters of RFC 9110, Section 5.6.2 are not tchars.
    for (char c : "\"(),/:;<=>?@[\\]{} \t".toCharArray()) {
      assertThat(FieldSyntax.isTokenChar(c)).as("delimiter %s", c).isFalse();
    }
  }

  @Test
  void tokens() {
    assertThat(FieldSyntax.isToken("X-Request-Id")).isTrue();
    assertThat(FieldSyntax.isToken(TCHAR_SPECIALS)).isTrue();
    assertThat(FieldSyntax.isToken("")).isFalse();
    assertThat(FieldSyntax.isToken("Bad Name")).isFalse();
    assertThat(FieldSyntax.isToken("Name:")).isFalse();
    assertThat(FieldSyntax.isToken("caf\u00e9")).isFalse();
    assertThat(FieldSyntax.isToken(new StringBuilder("Accept"))).isTrue();
  }

  @Test
  void fieldValueCharsAreVcharObsTextSpAndHtab() {
    for (int c = 0; c < 0x300; c++) {
      boolean expected = c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
      assertThat(FieldSyntax.isFieldValueChar(c)).as("char 0x%02x", c).isEqualTo(expected);
    }
    assertThat(FieldSyntax.isFieldValueChar(-1)).isFalse();
  }

  @Test
  void requireTokenNamesTheBadCharAndIndex() {
    assertThat(FieldSyntax.requireToken("header name", "Accept")).isEqualTo("Accept");
    assertThatThrownBy(() -> FieldSyntax.requireToken("header name", "X\r\nY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unexpected char 0x0d at 1 in header name: X\\x0d\\x0aY");
    assertThatThrownBy(() -> FieldSyntax.requireToken("header name", "a:b"))
        .hasMessageStartingWith("unexpected char ':' at 1 in header name");
    assertThatThrownBy(() -> FieldSyntax.requireToken("header name", ""))
        .hasMessage("header name is empty");
  }

  @Test
  void requireFieldValueTrimsOwsOnly() {
    assertThat(FieldSyntax.requireFieldValue("x", "  a b\t")).isEqualTo("a b");
    assertThat(FieldSyntax.requireFieldValue("x", "\t \t")).isEmpty();
    assertThat(FieldSyntax.requireFieldValue("x", "")).isEmpty();
    assertThat(FieldSyntax.requireFieldValue("x", "caf\u00e9")).isEqualTo("caf\u00e9");
    assertThat(FieldSyntax.requireFieldValue("x", "a\tb")).isEqualTo("a\tb");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\rb", "a\nb", "a\r\nX-Evil: 1", "a\u0000", "\u0000", "a\u0001", "a\u007f", "\u001b[31m", "a\u20acb", "\r\n"})
  void requireFieldValueRefusesControlsAndNonOctets(String value) {
    assertThatThrownBy(() -> FieldSyntax.requireFieldValue("header X", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unexpected char 0x")
        .hasMessageEndingWith(" in header X value");
  }

  @Test
  void describeShowsPrintablesQuotedAndOthersAsHex() {
    assertThat(FieldSyntax.describe('a')).isEqualTo("'a'");
    assertThat(FieldSyntax.describe('~')).isEqualTo("'~'");
    assertThat(FieldSyntax.describe(' ')).isEqualTo("0x20");
    assertThat(FieldSyntax.describe('\n')).isEqualTo("0x0a");
    assertThat(FieldSyntax.describe(0x7f)).isEqualTo("0x7f");
    assertThat(FieldSyntax.describe(0x20ac)).isEqualTo("0x20ac");
  }

  @Test
  void printableEscapesControlsAndCutsLongText() {
    assertThat(FieldSyntax.printable("plain text")).isEqualTo("plain text");
    assertThat(FieldSyntax.printable("a\r\nb\u0000")).isEqualTo("a\\x0d\\x0ab\\x00");
    assertThat(FieldSyntax.printable("\u007f\u009b\u00e9\u20ac")).isEqualTo("\\x7f\\x9b\u00e9\\u20ac");
    String longText = "x".repeat(FieldSyntax.MAX_PRINTABLE + 50);
    assertThat(FieldSyntax.printable(longText))
        .hasSize(FieldSyntax.MAX_PRINTABLE + 3)
        .endsWith("x...");
    assertThat(FieldSyntax.printable("x".repeat(FieldSyntax.MAX_PRINTABLE))).doesNotEndWith("...");
  }

  @Test
  void whitespaceIsSpAndHtabOnly() {
    assertThat(FieldSyntax.isWhitespace(' ')).isTrue();
    assertThat(FieldSyntax.isWhitespace('\t')).isTrue();
    assertThat(FieldSyntax.isWhitespace('\n')).isFalse();
    assertThat(FieldSyntax.isWhitespace('\r')).isFalse();
    assertThat(FieldSyntax.isWhitespace(0xa0)).isFalse();
  }
}
