package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class UrlResolveTest {
  private static final Url BASE = Url.parse("http://a/b/c/d;p?q");

  static Stream<Arguments> rfc3986Examples() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    try (InputStream in = UrlResolveTest.class.getResourceAsStream("rfc3986-resolution-examples.tsv")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        String reference = cols[1].equals("<empty>") ? "" : cols[1];
        String canonical = cols.length > 3 ? cols[3] : cols[2];
        rows.add(Arguments.of(cols[0], reference, cols[2], canonical));
      }
    }
    assertThat(rows).hasSize(42); // 23 normal + 19 abnormal examples
    return rows.stream();
  }

  @ParameterizedTest(name = "§{0} \"{1}\" -> {2}")
  @MethodSource("rfc3986Examples")
  void rfc3986Section54(String section, String reference, String rfcResult, String canonical) {
    Url resolved = BASE.resolve(reference);
    assertThat(resolved.toString()).isEqualTo(canonical);
    assertThat(resolved).isEqualTo(Url.parse(rfcResult));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "https://example.com/a/b   | http://other.test/x | http://other.test/x",
    "https://example.com/a/b   | //other.test/x      | https://other.test/x",
    "https://example.com/a/b   | /x?y=1              | https://example.com/x?y=1",
    "https://example.com:8443/a| x                   | https://example.com:8443/x",
    "https://u:p@example.com/a | x                   | https://u:p@example.com/x",
    "https://example.com/a/b   | ../../../../x       | https://example.com/x",
    "https://example.com/a/b   | a b/ü               | https://example.com/a/a%20b/%C3%BC",
    "https://example.com/a/b   | ?q=a b              | https://example.com/a/b?q=a%20b",
    "https://example.com/a/b   | https:x             | https://example.com/a/x",
    "https://example.com/a/b   | HTTPS://Other.test  | https://other.test/",
    "https://example.com/      | mailto:a@b.test     | mailto:a@b.test",
    "https://example.com/a/b#f | ''                  | https://example.com/a/b",
    "https://example.com/a/%2e/b | ./%2E%2E/c        | https://example.com/c",
  })
  void resolvesLocationHeaders(String base, String reference, String expected) {
    assertThat(Url.parse(base).resolve(reference).toUnredactedString()).isEqualTo(expected);
  }

  @Test
  void refusesWhatBrowsersWouldReadAsAnotherHost() {
    Url base = Url.parse("https://good.test/a/b");
    // Browsers read a backslash as "/", so "\\evil.test" would be a host to them.
    assertThatThrownBy(() -> base.resolve("\\\\evil.test/x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backslash");
    assertThatThrownBy(() -> base.resolve("/\\evil.test/x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backslash");
    // "///evil.test" has an empty authority under RFC 3986; browsers skip the slashes.
    assertThatThrownBy(() -> base.resolve("///evil.test/"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
    assertThatThrownBy(() -> base.resolve(" //evil.test/"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts with");
    assertThatThrownBy(() -> base.resolve("//ev\til.test/"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x09");
  }

  @Test
  void locationWithEncodedSlashInAuthorityIsRefused() {
    // A "%2f" in the host decodes to the "/" that ends an authority (RFC 3986, Section 3.2): never "Host: localhost:8080/x"
    Url base = Url.parse("http://a.test/");
    assertThatThrownBy(() -> base.resolve("http://localhost:8080%2fx/"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> base.resolve("http://example.com%2flogin.php"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
  }

  @Test
  void resolvesAgainstOpaqueAndNonSpecialBases() {
    assertThat(Url.parse("foo://h/a/b").resolve("foo:c").toString()).isEqualTo("foo:c");
    assertThat(Url.parse("foo://h/a/b").resolve("../c").toString()).isEqualTo("foo://h/c");
    assertThat(Url.parse("file:///etc/hosts").resolve("passwd").toString())
        .isEqualTo("file:///etc/passwd");
  }
}
