package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {
  // ---- injection is impossible by construction ----

  @ParameterizedTest
  @ValueSource(strings = {"text/plain\nX-Evil: 1", "text/plain\r\nX-Evil: 1", "a\rb", "a\u0000b", "x\r", "\n", "a\u000bb", "a\u007fb", "a\u2028b"})
  void valuesWithControlCharactersAreRefused(String value) {
    assertThatThrownBy(() -> Headers.builder().add("Content-Type", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header Content-Type value");
    assertThatThrownBy(() -> Headers.builder().set("Content-Type", value))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Headers.of("Content-Type", value)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Headers.of(Map.of("Content-Type", List.of(value))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"X\r\nY", "X\nY", "X\u0000", "", " X", "X ", "X:Y", "X-Caf\u00e9", "(X)", "X\tY", "Host:"})
  void namesThatAreNotTokensAreRefused(String name) {
    assertThatThrownBy(() -> Headers.builder().add(name, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header name");
    assertThatThrownBy(() -> Headers.builder().set(name, "v")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", " a", "a ", "\ta\t", "  a b  ", "\t", " ", "", "a\t \tb", "\u00ffa\u00e9 "})
  void valuesLoseOnlyTheirLeadingAndTrailingWhitespace(String value) {
    // RFC 9110, Section 5.5: OWS around a field value is not part of it; inside it is kept.
    String expected = value.strip();
    assertThat(Headers.of("X", value).value(0)).isEqualTo(expected);
    assertThat(Headers.builder().add("X", value).build().value(0)).isEqualTo(expected);
  }

  @Test
  void refusalMessageNamesCharacterAndIndexWithoutEchoingTheValue() {
    assertThatThrownBy(() -> Headers.builder().add("Authorization", "Bearer s3cret\r\nX: y"))
        .hasMessage("unexpected char 0x0d at 13 in header Authorization value")
        .message()
        .doesNotContain("s3cret");
  }

  @Test
  void aFailedAddLeavesTheBuilderUnchanged() {
    Headers.Builder builder = Headers.builder().add("A", "1");
    assertThatThrownBy(() -> builder.add("B", "bad\n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.set("A", "bad\n")).isInstanceOf(IllegalArgumentException.class);
    assertThat(builder.build()).isEqualTo(Headers.of("A", "1"));
    // Regression: a refused value once left its name behind, and the next add paired the new
    // name with the old one as its value.
    Headers after = builder.add("C", "3").build();
    assertThat(after.size()).isEqualTo(2);
    assertThat(after.firstValue("C")).contains("3");
    assertThat(after.contains("B")).isFalse();
  }

  @Test
  void tabsObsTextAndEmptyValuesAreAllowedAndOwsIsTrimmed() {
    Headers headers =
        Headers.builder()
            .add("X-Tab", "a\tb")
            .add("X-Latin1", "caf\u00e9")
            .add("X-Empty", "")
            .add("X-Padded", " \t padded \t ")
            .build();
    assertThat(headers.firstValue("X-Tab")).contains("a\tb");
    assertThat(headers.firstValue("X-Latin1")).contains("caf\u00e9");
    assertThat(headers.firstValue("X-Empty")).contains("");
    assertThat(headers.firstValue("X-Padded")).contains("padded");
  }

  // ---- lookup ----

  @Test
  void lookupIgnoresCaseAndKeepsTheGivenCase() {
    Headers headers = Headers.of("Content-Type", "text/html", "X-ID", "7");
    assertThat(headers.firstValue("content-type")).contains("text/html");
    assertThat(headers.firstValue("CONTENT-TYPE")).contains("text/html");
    assertThat(headers.contains("x-id")).isTrue();
    assertThat(headers.contains("x-idx")).isFalse();
    assertThat(headers.firstValue("Missing")).isEmpty();
    assertThat(headers.name(0)).isEqualTo("Content-Type");
    assertThat(headers.name(1)).isEqualTo("X-ID");
  }

  @Test
  void lookupIgnoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      Headers headers = Headers.of("LINK", "</a>", "Authorization", "x");
      assertThat(headers.firstValue("link")).contains("</a>");
      assertThat(headers.names()).containsExactly("link", "authorization");
      assertThat(headers.toMultimap()).containsKey("link");
      assertThat(Headers.isSensitive("AUTHORIZATION")).isTrue();
      assertThat(headers).hasSameHashCodeAs(Headers.of("link", "</a>", "authorization", "x"));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void repeatedNamesKeepEveryValueInOrder() {
    Headers headers =
        Headers.builder()
            .add("Set-Cookie", "a=1")
            .add("Vary", "Accept")
            .add("set-cookie", "b=2")
            .add("SET-COOKIE", "c=3")
            .build();
    assertThat(headers.size()).isEqualTo(4);
    assertThat(headers.allValues("Set-Cookie")).containsExactly("a=1", "b=2", "c=3");
    assertThat(headers.firstValue("set-cookie")).contains("a=1");
    assertThat(headers.lastValue("set-cookie")).contains("c=3");
    assertThat(headers.allValues("Missing")).isEmpty();
    assertThat(headers.lastValue("Missing")).isEmpty();
    assertThat(headers.names()).containsExactly("set-cookie", "vary");
  }

  @Test
  void orderIsPreservedEverywhere() {
    Headers headers = Headers.of("B", "1", "a", "2", "C", "3", "b", "4");
    StringBuilder seen = new StringBuilder();
    headers.forEach((name, value) -> seen.append(name).append('=').append(value).append(' '));
    assertThat(seen.toString()).isEqualTo("B=1 a=2 C=3 b=4 ");
    for (int i = 0; i < headers.size(); i++) {
      assertThat(headers.name(i) + headers.value(i)).isEqualTo(List.of("B1", "a2", "C3", "b4").get(i));
    }
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("b", List.of("1", "4"));
    expected.put("a", List.of("2"));
    expected.put("c", List.of("3"));
    assertThat(headers.toMultimap()).containsExactlyEntriesOf(expected);
  }

  @Test
  void indexOutOfRangeIsRefused() {
    Headers headers = Headers.of("A", "1");
    assertThatThrownBy(() -> headers.name(1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> headers.value(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Headers.empty().name(0)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  // ---- list syntax ----

  @Test
  void listValuesSplitOnCommasOutsideQuotedStrings() {
    Headers headers =
        Headers.builder()
            .add("Connection", "keep-alive, Upgrade")
            .add("connection", " ,close ,, ")
            .add("Accept", "text/html;q=\"0,9\", application/json")
            .add("X-Escaped", "\"a\\\"b,c\", d")
            .add("X-Unclosed", "\"a, b")
            .build();
    assertThat(headers.listValues("Connection")).containsExactly("keep-alive", "Upgrade", "close");
    assertThat(headers.listValues("accept")).containsExactly("text/html;q=\"0,9\"", "application/json");
    assertThat(headers.listValues("X-Escaped")).containsExactly("\"a\\\"b,c\"", "d");
    assertThat(headers.listValues("X-Unclosed")).containsExactly("\"a, b");
    assertThat(headers.listValues("Missing")).isEmpty();
    assertThatThrownBy(() -> headers.listValues("Connection").add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // ---- redaction ----

  @Test
  void toStringHidesCredentialsAndCookiesOnly() {
    Headers headers =
        Headers.builder()
            .add("Authorization", "Bearer s3cret")
            .add("proxy-authorization", "Basic czNjcmV0")
            .add("Cookie", "session=abc123")
            .add("SET-COOKIE", "id=xyz789; HttpOnly")
            .add("Accept", "text/html")
            .build();
    String text = headers.toString();
    assertThat(text)
        .doesNotContain("s3cret", "czNjcmV0", "abc123", "xyz789")
        .contains("Authorization: ****\n", "proxy-authorization: ****\n", "Cookie: ****\n", "SET-COOKIE: ****\n")
        .contains("Accept: text/html\n");
    assertThat(headers.firstValue("authorization")).contains("Bearer s3cret"); // still readable
    assertThat(Headers.empty().toString()).isEmpty();
  }

  @Test
  void sensitiveNames() {
    assertThat(Headers.isSensitive("Authorization")).isTrue();
    assertThat(Headers.isSensitive("proxy-AUTHORIZATION")).isTrue();
    assertThat(Headers.isSensitive("cookie")).isTrue();
    assertThat(Headers.isSensitive("Set-Cookie")).isTrue();
    assertThat(Headers.isSensitive("Accept")).isFalse();
    assertThat(Headers.isSensitive("Set-Cookie2")).isFalse();
  }

  // ---- builder ----

  @Test
  void setReplacesEveryValueInThePlaceOfTheFirst() {
    Headers headers =
        Headers.builder()
            .add("Accept", "a")
            .add("X-Id", "1")
            .add("accept", "b")
            .add("Host", "h")
            .set("ACCEPT", "c")
            .build();
    assertThat(headers).isEqualTo(Headers.of("ACCEPT", "c", "X-Id", "1", "Host", "h"));
    assertThat(headers.name(0)).isEqualTo("ACCEPT");
    assertThat(Headers.builder().add("A", "1").set("B", "2").build()).isEqualTo(Headers.of("A", "1", "B", "2"));
  }

  @Test
  void removeAllRemovesEveryCase() {
    Headers headers =
        Headers.builder()
            .add("X", "1")
            .add("Y", "2")
            .add("x", "3")
            .removeAll("X")
            .removeAll("Absent")
            .build();
    assertThat(headers).isEqualTo(Headers.of("Y", "2"));
  }

  @Test
  void builderLookupAndReuseDoNotLeakIntoBuiltHeaders() {
    Headers.Builder builder = Headers.builder().add("A", "1");
    assertThat(builder.firstValue("a")).contains("1");
    assertThat(builder.firstValue("b")).isEmpty();
    Headers first = builder.build();
    builder.add("B", "2").set("A", "9");
    assertThat(first).isEqualTo(Headers.of("A", "1"));
    assertThat(builder.build()).isEqualTo(Headers.of("A", "9", "B", "2"));
  }

  @Test
  void newBuilderCopiesAndAddAllAppends() {
    Headers base = Headers.of("A", "1", "B", "2");
    Headers changed = base.newBuilder().set("A", "x").add("C", "3").build();
    assertThat(base).isEqualTo(Headers.of("A", "1", "B", "2"));
    assertThat(changed).isEqualTo(Headers.of("A", "x", "B", "2", "C", "3"));
    Headers joined = Headers.builder().add("Z", "0").addAll(base).build();
    assertThat(joined).isEqualTo(Headers.of("Z", "0", "A", "1", "B", "2"));
  }

  @Test
  void ofKeepsItsOwnCopySoTheCallerCannotChangeACheckedValue() {
    String[] fields = {"A", "1"};
    Headers headers = Headers.of(fields);
    fields[1] = "evil\r\nX: injected";
    assertThat(headers.firstValue("A")).contains("1");
    assertThatThrownBy(() -> Headers.of("A", "bad\nvalue")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderGrowsPastItsFirstRoomAndSetAndRemoveKeepTheRestInOrder() {
    Headers.Builder builder = Headers.builder();
    for (int i = 0; i < 40; i++) builder.add(i % 3 == 0 ? "X" : "F" + i, Integer.toString(i));
    Headers all = builder.build();
    assertThat(all.size()).isEqualTo(40);
    assertThat(all.allValues("x")).hasSize(14).startsWith("0", "3").endsWith("39");
    Headers set = builder.set("x", "one").build();
    assertThat(set.size()).isEqualTo(27);
    assertThat(set.name(0)).isEqualTo("x");
    assertThat(set.value(1)).isEqualTo("1");
    assertThat(builder.removeAll("X").build().size()).isEqualTo(26);
    assertThat(all.size()).isEqualTo(40);
  }

  @Test
  void factories() {
    assertThat(Headers.empty().isEmpty()).isTrue();
    assertThat(Headers.builder().build()).isSameAs(Headers.empty());
    assertThat(Headers.of()).isSameAs(Headers.empty());
    assertThatThrownBy(() -> Headers.of("A")).isInstanceOf(IllegalArgumentException.class);
    Map<String, List<String>> map = new LinkedHashMap<>();
    map.put("Accept", List.of("a", "b"));
    map.put("Host", List.of("h"));
    assertThat(Headers.of(map)).isEqualTo(Headers.of("Accept", "a", "Accept", "b", "Host", "h"));
  }

  @Test
  void viewsAreUnmodifiable() {
    Headers headers = Headers.of("A", "1");
    assertThatThrownBy(() -> headers.allValues("A").add("2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> headers.names().add("b")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> headers.toMultimap().put("b", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> headers.toMultimap().get("a").add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // ---- equality ----

  @Test
  void equalWhenSameFieldsInSameOrderNamesIgnoringCase() {
    Headers a = Headers.of("Content-Type", "text/html", "X", "1");
    Headers b = Headers.of("content-type", "text/html", "x", "1");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Headers.of("X", "1", "Content-Type", "text/html")); // order counts
    assertThat(a).isNotEqualTo(Headers.of("Content-Type", "TEXT/HTML", "X", "1")); // values exact
    assertThat(a).isNotEqualTo(Headers.of("Content-Type", "text/html"));
    assertThat(a).isNotEqualTo("Content-Type: text/html\nX: 1\n");
    assertThat(Headers.empty()).isEqualTo(Headers.builder().build());
  }
}
