package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormDataTest {

  /** Text that counts how many characters are read from it. */
  static final class CountingText implements CharSequence {
    final String text;
    long reads;

    CountingText(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      reads += end - start; // copying reads each character once more
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  @Test
  void parsingIsLinearInTheBodyEvenWithoutAnyEquals() {
    // A body of "a&a&a&..." once cost a search to the end of the body per pair (issue 16): count
    // the characters examined as the body doubles; linear means a fixed number per character.
    for (int pairs = 1_000; pairs <= 64_000; pairs *= 4) {
      for (String unit : new String[] {"a&", "a=&", "&", "ab"}) {
        CountingText body = new CountingText(unit.repeat(pairs));
        FormData form = FormData.parse(body);
        assertThat(form.size()).isLessThanOrEqualTo(pairs);
        assertThat(body.reads).as("characters read for %d x '%s'", pairs, unit)
            .isLessThanOrEqualTo(3L * body.length());
      }
    }
  }

  @Test
  void parsesLikeTheWhatwgUrlencodedParser() {
    FormData form = FormData.parse("q=caf%C3%A9+au+lait&tag=a&&tag=b&flag&=empty&x=%zz%&y=1=2");
    assertThat(form.value("q")).contains("café au lait");
    assertThat(form.values("tag")).containsExactly("a", "b");
    assertThat(form.value("flag")).contains("");
    assertThat(form.value("")).contains("empty");
    assertThat(form.value("x")).contains("%zz%");
    assertThat(form.value("y")).contains("1=2");
    assertThat(form.names()).containsExactly("q", "tag", "flag", "", "x", "y");
    assertThat(form.size()).isEqualTo(7);
    assertThat(form.name(2)).isEqualTo("tag");
    assertThat(form.value(2)).isEqualTo("b");
    assertThat(FormData.parse("a=%FF").value("a")).contains("\uFFFD");
    assertThat(FormData.parse("").isEmpty()).isTrue();
    assertThat(FormData.parse("&&&").isEmpty()).isTrue();
  }

  @Test
  void toMapKeepsOrderAndRepeatedNames() {
    Map<String, List<String>> map = FormData.parse("b=1&a=2&b=3").toMap();
    assertThat(map).containsExactly(Map.entry("b", List.of("1", "3")), Map.entry("a", List.of("2")));
    assertThatThrownBy(() -> map.put("c", List.of())).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void manyPairsWithoutEqualsSignsParse() {
    // One "=" at the very end: a search for "=" past each pair's "&" would read the body once per pair.
    String body = "a&".repeat(200_000) + "z=1";
    FormData form = FormData.parse(body);
    assertThat(form.size()).isEqualTo(200_001);
    assertThat(form.value("z")).contains("1");
    assertThat(form.value("a")).contains("");
  }

  @Test
  void serializesLikeTheWhatwgUrlencodedSerializer() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("q", "a b&c=d");
    fields.put("tags", Arrays.asList("x", null, "y"));
    fields.put("dropped", null);
    fields.put("arr", new int[] {1, 2});
    fields.put("opt", Optional.of("o"));
    fields.put("bytes", "é".getBytes(StandardCharsets.UTF_8));
    fields.put("uni", "é*-._~");
    assertThat(FormData.of(fields).encode())
        .isEqualTo("q=a+b%26c%3Dd&tags=x&tags=y&arr=1&arr=2&opt=o&bytes=%C3%A9&uni=%C3%A9*-._%7E");
  }

  @Test
  void encodeAndParseRoundTrip() {
    FormData form = FormData.empty().with("a b", "1+2=3").with("ü", "&%").with("a b", "");
    assertThat(FormData.parse(form.encode())).isEqualTo(form);
    assertThat(form.toString()).isEqualTo("FormData[a b, ü]").doesNotContain("1+2");
  }

  @Test
  void nullNamesAreRefused() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(null, "x");
    assertThatThrownBy(() -> FormData.of(fields)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void urlQueryIsFormData() {
    Url url = Url.parse("https://h/search?q=a+b&tag=x&tag=y");
    assertThat(url.queryParameters().toMap()).containsExactly(
        Map.entry("q", List.of("a b")), Map.entry("tag", List.of("x", "y")));
    assertThat(Url.parse("https://h/").queryParameters().isEmpty()).isTrue();
  }

  @Test
  void percentDecodeAndEncodePathSegment() {
    assertThat(Url.percentDecode("caf%C3%A9%20a+b%zz")).isEqualTo("café a+b%zz");
    assertThat(Url.encodePathSegment("a b/c%d")).isEqualTo("a%20b%2Fc%25d");
    assertThat(Url.percentDecode(Url.encodePathSegment("ü ?#/%"))).isEqualTo("ü ?#/%");
  }
}
