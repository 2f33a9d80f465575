package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlArgumentTest {
  @ParameterizedTest(name = "{0} (https: {1})")
  @CsvSource({
      ":8000/path,          false, http://localhost:8000/path",
      ":/path,              false, http://localhost/path",
      ":,                   false, http://localhost",
      ":3000,               true,  https://localhost:3000",
      "localhost/path,      false, http://localhost/path",
      "example.org,         false, http://example.org",
      "example.org/a?b=c,   true,  https://example.org/a?b=c",
      "https://example.org, false, https://example.org",
      "http://example.org,  true,  http://example.org",
      "127.0.0.1:8080/x,    false, http://127.0.0.1:8080/x",
  })
  void shorthandsAndMissingSchemes(String typed, boolean https, String expected) {
    assertThat(UrlArgument.complete(typed, https)).isEqualTo(expected);
  }
}
