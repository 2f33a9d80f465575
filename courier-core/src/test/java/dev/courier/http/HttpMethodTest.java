package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpMethodTest {
  /** RFC 9110, Section 18.2, Table 4 (and RFC 5789 for PATCH). */
  @ParameterizedTest
  @CsvSource({
    "GET, true, true",
    "HEAD, true, true",
    "POST, false, false",
    "PUT, false, true",
    "DELETE, false, true",
    "CONNECT, false, false",
    "OPTIONS, true, true",
    "TRACE, true, true",
    "PATCH, false, false",
  })
  void safeAndIdempotentFollowTheMethodRegistry(String name, boolean safe, boolean idempotent) {
    HttpMethod method = HttpMethod.valueOf(name);
    assertThat(method.isSafe()).isEqualTo(safe);
    assertThat(method.isIdempotent()).isEqualTo(idempotent);
    assertThat(HttpMethod.isSafe(name)).isEqualTo(safe);
    assertThat(HttpMethod.isIdempotent(name)).isEqualTo(idempotent);
    assertThat(!safe || idempotent).as("every safe method is idempotent").isTrue();
  }

  @Test
  void thereAreExactlyTheNineStandardMethods() {
    assertThat(HttpMethod.values())
        .extracting(Enum::name)
        .containsExactly("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
  }

  @Test
  void theConstantNameIsTheWireToken() {
    for (HttpMethod method : HttpMethod.values()) {
      assertThat(HttpMethod.lookup(method.name())).contains(method);
      assertThat(HttpMethod.isValidToken(method.name())).isTrue();
      assertThat(HttpMethod.requireValid(method.name())).isEqualTo(method.name());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"get", "Get", "GETS", "GET ", " GET", "POST\r", "PROPFIND", "QUERY", ""})
  void lookupIsCaseSensitiveAndExact(String method) {
    assertThat(HttpMethod.lookup(method)).isEmpty();
    assertThat(HttpMethod.isSafe(method)).isFalse();
    assertThat(HttpMethod.isIdempotent(method)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PROPFIND", "M-SEARCH", "QUERY", "get", "X_CUSTOM.1", "!#$%&'*+-.^_`|~"})
  void extensionMethodsAreAnyToken(String method) {
    assertThat(HttpMethod.isValidToken(method)).isTrue();
    assertThat(HttpMethod.requireValid(method)).isSameAs(method);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "GET /", "G\r\nET", "GET\n", "G\u0000T", "G\u00c9T", "G\tT", "G=\":<>(e),[T];?", "(GET)", "GET/1"})
  void nonTokensAreRefused(String method) {
    assertThat(HttpMethod.isValidToken(method)).isFalse();
    assertThatThrownBy(() -> HttpMethod.requireValid(method))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("method");
  }

  @Test
  void refusalNamesTheCharacterAndIndex() {
    assertThatThrownBy(() -> HttpMethod.requireValid("GET\r\nX-Evil: 1"))
        .hasMessageStartingWith("unexpected char 0x0d at 3 in method");
    assertThatThrownBy(() -> HttpMethod.requireValid("")).hasMessage("method is empty");
  }

  @Test
  void onlyPostPutAndPatchExpectContent() {
    Set<HttpMethod> expecting = new HashSet<>();
    for (HttpMethod m : HttpMethod.values()) if (m.expectsContent()) expecting.add(m);
    assertThat(expecting).containsExactlyInAnyOrder(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);
  }

  @Test
  void everyMethodHasADescriptionAndReference() {
    Set<String> seen = new HashSet<>();
    for (HttpMethod m : HttpMethod.values()) {
      assertThat(m.description()).isNotBlank().endsWith(".");
      assertThat(seen.add(m.description())).isTrue();
      assertThat(m.rfc()).matches("RFC \\d{4}, Section \\d+(\\.\\d+)*");
    }
    assertThat(HttpMethod.GET.rfc()).isEqualTo("RFC 9110, Section 9.3.1");
    assertThat(HttpMethod.PATCH.rfc()).isEqualTo("RFC 5789, Section 2");
  }

  @Test
  void agreesWithPythonsHttpMethodWhenAvailable() {
    Optional<List<String>> lines = PythonProbe.run("""
        import http, sys
        if sys.version_info < (3, 11):
            print("older than 3.11")
            sys.exit(0)
        for m in http.HTTPMethod:
            print(f"{m.name}\\t{m.description}")
        """);
    assumeTrue(lines.isPresent(), "python3 is not installed");
    assumeTrue(!lines.get().equals(List.of("older than 3.11")), "python3 is older than 3.11 (no http.HTTPMethod)");
    assertThat(lines.get()).hasSizeGreaterThanOrEqualTo(9);
    for (String line : lines.get()) {
      String[] f = line.split("\t", -1);
      if (f[0].equals("QUERY")) continue; // newer Pythons add the draft QUERY method: a String here
      HttpMethod ours = HttpMethod.lookup(f[0]).orElseThrow(() -> new AssertionError(line));
      assertThat(ours.description()).as("our own words").isNotEqualToIgnoringCase(f[1]);
    }
  }
}
