package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** HttpStatus.byName against requests' codes table (test resource, copied from requests 2.34.2). */
class HttpStatusAliasTest {
  /** alias → code with requests' dict semantics: a later line for the same alias wins. */
  private static Map<String, Integer> requestsTable() throws IOException {
    Map<String, Integer> table = new LinkedHashMap<>();
    try (InputStream in = HttpStatusAliasTest.class.getResourceAsStream("requests-status-codes.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] cells = line.split("\t");
        table.put(cells[1], Integer.parseInt(cells[0]));
      }
    }
    return table;
  }

  @Test
  void everyAliasOfARegisteredCodeResolvesAsInRequestsInAnyCase() throws IOException {
    Map<String, Integer> table = requestsTable();
    assertThat(table).hasSizeGreaterThan(100);
    int checked = 0;
    for (Map.Entry<String, Integer> e : table.entrySet()) {
      String alias = e.getKey();
      // the documented deviations: Early Hints is 103; Python's http module name wins for 414
      int code = alias.equals("early-hints") ? 103 : alias.equals("request_uri_too_long") ? 414 : e.getValue();
      Optional<HttpStatus> expected = HttpStatus.lookup(code);
      for (String spelling : new String[] {alias, alias.toUpperCase(Locale.ROOT), capitalize(alias)}) {
        assertThat(HttpStatus.byName(spelling)).as("%s (requests: %d)", spelling, e.getValue()).isEqualTo(expected);
      }
      if (expected.isPresent()) checked++;
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void theFamiliarOnes() {
    assertThat(HttpStatus.byName("ok")).contains(HttpStatus.OK);
    assertThat(HttpStatus.byName("okay")).contains(HttpStatus.OK);
    assertThat(HttpStatus.byName("ALL_OK")).contains(HttpStatus.OK);
    assertThat(HttpStatus.byName("\\o/")).contains(HttpStatus.OK);
    assertThat(HttpStatus.byName("teapot")).contains(HttpStatus.IM_A_TEAPOT);
    assertThat(HttpStatus.byName("i_am_a_teapot")).contains(HttpStatus.IM_A_TEAPOT);
    assertThat(HttpStatus.byName("not_found")).contains(HttpStatus.NOT_FOUND);
    assertThat(HttpStatus.byName("moved")).contains(HttpStatus.MOVED_PERMANENTLY);
    assertThat(HttpStatus.byName("temporary_redirect")).contains(HttpStatus.TEMPORARY_REDIRECT);
    assertThat(HttpStatus.byName("precondition")).as("requests: the later entry, 428").contains(HttpStatus.PRECONDITION_REQUIRED);
    assertThat(HttpStatus.byName("early-hints")).contains(HttpStatus.EARLY_HINTS);
  }

  @Test
  void constantNamesAreNeverShadowedAndUnknownNamesAreEmpty() {
    for (HttpStatus s : HttpStatus.values()) assertThat(HttpStatus.byName(s.name().toLowerCase(Locale.ROOT))).contains(s);
    assertThat(HttpStatus.byName("none")).as("444 is not registered").isEmpty();
    assertThat(HttpStatus.byName("retry")).as("449 is not registered").isEmpty();
    assertThat(HttpStatus.byName("")).isEmpty();
    assertThat(HttpStatus.byName("ok ")).isEmpty();
    assertThat(HttpStatus.byName("not-found")).isEmpty();
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
