package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.cli.RequestItem.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ItemParserTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "X-Id:7            | HEADER       | X-Id      | 7",
      "X-Empty:          | HEADER       | X-Empty   | ''",
      "X-Empty;          | EMPTY_HEADER | X-Empty   | ''",
      "X-Token:@t.txt    | HEADER_FILE  | X-Token   | t.txt",
      "q==courier        | QUERY        | q         | courier",
      "q==@q.txt         | QUERY_FILE   | q         | q.txt",
      "name=ada          | DATA         | name      | ada",
      "name=@n.txt       | DATA_FILE    | name      | n.txt",
      "age:=36           | JSON         | age       | 36",
      "data:=@d.json     | JSON_FILE    | data      | d.json",
      "cv@cv.pdf         | FILE         | cv        | cv.pdf",
      "@body.json        | FILE         | ''        | body.json",
      "url=http://x/?a=b | DATA         | url       | http://x/?a=b",
      "a=b:c             | DATA         | a         | b:c",
      "a:b=c             | HEADER       | a         | b=c",
      "e=                | DATA         | e         | ''",
  })
  void theFirstSeparatorWinsAndTheLongestOfThoseStartingThere(String item, Kind kind, String key, String value) {
    RequestItem parsed = RequestItem.parse(item);
    assertThat(parsed.kind()).isEqualTo(kind);
    assertThat(parsed.key()).isEqualTo(key);
    assertThat(parsed.value()).isEqualTo(value);
    assertThat(parsed.original()).isEqualTo(item);
  }

  @Test
  void aBackslashEscapesASeparator() {
    assertThat(RequestItem.parse("a\\=b=c")).extracting(RequestItem::kind, RequestItem::key, RequestItem::value)
        .containsExactly(Kind.DATA, "a=b", "c");
    assertThat(RequestItem.parse("x\\:y:z")).extracting(RequestItem::kind, RequestItem::key, RequestItem::value)
        .containsExactly(Kind.HEADER, "x:y", "z");
    assertThat(RequestItem.parse("mail\\@home==1")).extracting(RequestItem::kind, RequestItem::key)
        .containsExactly(Kind.QUERY, "mail@home");
    assertThat(RequestItem.parse("a\\\\b=1").key()).isEqualTo("a\\b");
    // After the separator, escapes are taken literally too.
    assertThat(RequestItem.parse("a=b\\=c").value()).isEqualTo("b=c");
    // A backslash before an ordinary character stays.
    assertThat(RequestItem.parse("path=C:\\dir").value()).isEqualTo("C:\\dir");
  }

  @Test
  void anItemWithoutASeparatorIsRefusedNamingIt() {
    assertThatThrownBy(() -> RequestItem.parse("justaword"))
        .isInstanceOf(BadItemException.class)
        .hasMessageStartingWith("'justaword' is not a request item");
    assertThatThrownBy(() -> RequestItem.parse("all\\=escaped"))
        .hasMessageContaining("'all\\=escaped'");
  }
}
