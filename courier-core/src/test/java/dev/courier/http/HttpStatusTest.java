package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpStatusTest {
  private static final String REGISTRY = "/conformance/http-status-codes/status-codes.csv";

  /** One row of the registry table (see its README for the columns). */
  record Row(
      int code,
      String statusClass,
      String ianaDescription,
      String ianaReference,
      String rfc9110Section,
      String python313Name,
      String python313Phrase,
      String python313Alias,
      String python311Name,
      String python311Phrase) {
    @Override
    public String toString() {
      return code + " " + ianaDescription;
    }
  }

  static List<Row> registry() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = HttpStatusTest.class.getResourceAsStream(REGISTRY)) {
      assertThat(in).as("test resource %s", REGISTRY).isNotNull();
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      assertThat(lines.get(0)).startsWith("code,class,iana_description,");
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) continue;
        List<String> f = csvFields(line);
        assertThat(f).as(line).hasSize(10);
        rows.add(new Row(Integer.parseInt(f.get(0)), f.get(1), f.get(2), f.get(3), f.get(4),
            f.get(5), f.get(6), f.get(7), f.get(8), f.get(9)));
      }
    }
    return rows;
  }

  /** RFC 4180 fields of one line: commas separate, double quotes enclose, "" is a quote. */
  static List<String> csvFields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  static Stream<Row> registryRows() throws IOException {
    return registry().stream();
  }

  // ---- conformance: the IANA registry table ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("registryRows")
  void registryRowMatches(Row row) {
    assertThat(HttpStatus.isValidCode(row.code())).isTrue();
    assertThat(HttpStatus.classOf(row.code()).name().toLowerCase(Locale.ROOT))
        .isEqualTo(row.statusClass());
    if (row.code() == 306) {
      // Deliberate: 306 is reserved and unused (RFC 9110, Section 15.4.7); no constant.
      assertThat(HttpStatus.lookup(306)).isEmpty();
      assertThatThrownBy(() -> HttpStatus.of(306)).hasMessageContaining("306");
      return;
    }
    HttpStatus status = HttpStatus.of(row.code());
    assertThat(status.value()).isEqualTo(row.code());
    assertThat(HttpStatus.lookup(row.code())).contains(status);

    assertThat(status.phrase()).isEqualTo(expectedPhrase(row));

    assertThat(status.statusClass().name().toLowerCase(Locale.ROOT)).isEqualTo(row.statusClass());
    assertThat(status.isInformational()).isEqualTo(row.statusClass().equals("informational"));
    assertThat(status.isSuccess()).isEqualTo(row.statusClass().equals("success"));
    assertThat(status.isRedirection()).isEqualTo(row.statusClass().equals("redirection"));
    assertThat(status.isClientError()).isEqualTo(row.statusClass().equals("client_error"));
    assertThat(status.isServerError()).isEqualTo(row.statusClass().equals("server_error"));
    assertThat(status.isError()).isEqualTo(row.statusClass().endsWith("_error"));

    if (!row.rfc9110Section().isEmpty()) {
      assertThat(status.rfc()).isEqualTo("RFC 9110, Section " + row.rfc9110Section());
    } else {
      // "RFC4918" -> "RFC 4918, Section ...", "RFC2774; status change ..." -> "RFC 2774, ...".
      String reference = row.ianaReference().split(";")[0].trim().replaceFirst("^RFC(\\d+)$", "RFC $1");
      assertThat(status.rfc()).startsWith(reference);
    }

    if (!row.python313Name().isEmpty()) {
      assertThat(status.name()).as("constant names follow RFC 9110 and Python 3.13")
          .isEqualTo(row.python313Name());
      assertThat(status.phrase()).isEqualTo(row.python313Phrase());
    }
    if (!row.python313Alias().isEmpty()) {
      assertThat(HttpStatus.byName(row.python313Alias())).contains(status);
    }
    if (!row.python311Name().isEmpty()) {
      assertThat(HttpStatus.byName(row.python311Name())).contains(status);
    }
  }

  /**
   * Our phrase choice, pinned: the IANA description without the registration markers
   * "(TEMPORARY)" and "(OBSOLETED)"; for 418, registered as "(Unused)", Python's "I'm a Teapot".
   */
  private static String expectedPhrase(Row row) {
    if (row.ianaDescription().equals("(Unused)")) return row.python313Phrase();
    return row.ianaDescription().replace(" (TEMPORARY)", "").replace(" (OBSOLETED)", "");
  }

  @Test
  void registryHasEveryConstantAndNothingElse() throws IOException {
    List<Row> rows = registry();
    assertThat(rows).hasSize(64);
    Set<Integer> registered = rows.stream().map(Row::code).collect(Collectors.toSet());
    Set<Integer> ours =
        Stream.of(HttpStatus.values()).map(HttpStatus::value).collect(Collectors.toSet());
    assertThat(ours).hasSize(HttpStatus.values().length); // no duplicate codes
    Set<Integer> missing = new HashSet<>(registered);
    missing.removeAll(ours);
    assertThat(missing).as("registered codes without a constant").containsExactly(306);
    assertThat(registered).containsAll(ours);
    assertThat(HttpStatus.values()).hasSize(63);
  }

  // ---- phrases: IANA, not Python 3.11 ----

  @Test
  void phrasesFollowTheRegistryWherePython311Differs() {
    assertThat(HttpStatus.CONTENT_TOO_LARGE.phrase()).isEqualTo("Content Too Large");
    assertThat(HttpStatus.URI_TOO_LONG.phrase()).isEqualTo("URI Too Long");
    assertThat(HttpStatus.RANGE_NOT_SATISFIABLE.phrase()).isEqualTo("Range Not Satisfiable");
    assertThat(HttpStatus.UNPROCESSABLE_CONTENT.phrase()).isEqualTo("Unprocessable Content");
    assertThat(HttpStatus.UPLOAD_RESUMPTION_SUPPORTED.phrase())
        .isEqualTo("Upload Resumption Supported");
    assertThat(HttpStatus.NOT_EXTENDED.phrase()).isEqualTo("Not Extended");
    assertThat(HttpStatus.IM_A_TEAPOT.phrase()).isEqualTo("I'm a Teapot");
    assertThat(HttpStatus.NOT_FOUND.codeAndPhrase()).isEqualTo("404 Not Found");
  }

  // ---- of / lookup / byName ----

  @ParameterizedTest
  @ValueSource(ints = {299, 306, 419, 599, 100 + 99})
  void ofRefusesValidButUnregisteredCodesNamingThem(int code) {
    assertThatThrownBy(() -> HttpStatus.of(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unregistered HTTP status code " + code);
    assertThat(HttpStatus.lookup(code)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 99, 600, 999, 1000, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void ofRefusesInvalidCodesNamingThem(int code) {
    assertThatThrownBy(() -> HttpStatus.of(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid HTTP status code " + code);
    assertThat(HttpStatus.lookup(code)).isEmpty();
    assertThat(HttpStatus.isValidCode(code)).isFalse();
    assertThatThrownBy(() -> HttpStatus.classOf(code)).hasMessageContaining(String.valueOf(code));
  }

  @Test
  void ofAndLookupAgreeOverTheWholeIntRangeThatMatters() {
    for (int code = -10; code < 1100; code++) {
      Optional<HttpStatus> found = HttpStatus.lookup(code);
      if (found.isPresent()) {
        assertThat(HttpStatus.of(code)).isSameAs(found.get());
        assertThat(found.get().value()).isEqualTo(code);
      }
      assertThat(HttpStatus.isValidCode(code)).isEqualTo(code >= 100 && code <= 599);
    }
  }

  @Test
  void everyValidCodeHasAClassEvenWhenUnregistered() {
    assertThat(HttpStatus.classOf(299)).isEqualTo(StatusClass.SUCCESS);
    assertThat(HttpStatus.classOf(199)).isEqualTo(StatusClass.INFORMATIONAL);
    assertThat(HttpStatus.classOf(306)).isEqualTo(StatusClass.REDIRECTION);
    assertThat(HttpStatus.classOf(499)).isEqualTo(StatusClass.CLIENT_ERROR);
    assertThat(HttpStatus.classOf(599)).isEqualTo(StatusClass.SERVER_ERROR);
    for (HttpStatus status : HttpStatus.values()) {
      assertThat(HttpStatus.classOf(status.value())).isEqualTo(status.statusClass());
    }
  }

  @Test
  void byNameResolvesCurrentOldAndOtherLibrariesNamesIgnoringCase() {
    assertThat(HttpStatus.byName("NOT_FOUND")).contains(HttpStatus.NOT_FOUND);
    assertThat(HttpStatus.byName("not_found")).contains(HttpStatus.NOT_FOUND);
    assertThat(HttpStatus.byName("REQUEST_ENTITY_TOO_LARGE")).contains(HttpStatus.CONTENT_TOO_LARGE);
    assertThat(HttpStatus.byName("PAYLOAD_TOO_LARGE")).contains(HttpStatus.CONTENT_TOO_LARGE);
    assertThat(HttpStatus.byName("REQUEST_URI_TOO_LONG")).contains(HttpStatus.URI_TOO_LONG);
    assertThat(HttpStatus.byName("REQUESTED_RANGE_NOT_SATISFIABLE"))
        .contains(HttpStatus.RANGE_NOT_SATISFIABLE);
    assertThat(HttpStatus.byName("UNPROCESSABLE_ENTITY")).contains(HttpStatus.UNPROCESSABLE_CONTENT);
    assertThat(HttpStatus.byName("I_AM_A_TEAPOT")).contains(HttpStatus.IM_A_TEAPOT);
    assertThat(HttpStatus.byName("Not Found")).isEmpty();
    assertThat(HttpStatus.byName("404")).isEmpty();
    assertThat(HttpStatus.byName("")).isEmpty();
  }

  @Test
  void byNameIgnoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "i".toUpperCase() is "İ" here
      assertThat(HttpStatus.byName("im_a_teapot")).contains(HttpStatus.IM_A_TEAPOT);
      assertThat(HttpStatus.byName("misdirected_request")).contains(HttpStatus.MISDIRECTED_REQUEST);
    } finally {
      Locale.setDefault(saved);
    }
  }

  /** Every code and name in the table of Python's http module documentation, both translations. */
  @Test
  void everyCodeAndNameOfThePythonDocsTableResolves() {
    String table = """
        100 CONTINUE                     101 SWITCHING_PROTOCOLS        102 PROCESSING
        200 OK                           201 CREATED                    202 ACCEPTED
        203 NON_AUTHORITATIVE_INFORMATION 204 NO_CONTENT               205 RESET_CONTENT
        206 PARTIAL_CONTENT              207 MULTI_STATUS               208 ALREADY_REPORTED
        226 IM_USED                      300 MULTIPLE_CHOICES           301 MOVED_PERMANENTLY
        302 FOUND                        303 SEE_OTHER                  304 NOT_MODIFIED
        305 USE_PROXY                    307 TEMPORARY_REDIRECT         308 PERMANENT_REDIRECT
        400 BAD_REQUEST                  401 UNAUTHORIZED               402 PAYMENT_REQUIRED
        403 FORBIDDEN                    404 NOT_FOUND                  405 METHOD_NOT_ALLOWED
        406 NOT_ACCEPTABLE               407 PROXY_AUTHENTICATION_REQUIRED 408 REQUEST_TIMEOUT
        409 CONFLICT                     410 GONE                       411 LENGTH_REQUIRED
        412 PRECONDITION_FAILED          413 REQUEST_ENTITY_TOO_LARGE   414 REQUEST_URI_TOO_LONG
        415 UNSUPPORTED_MEDIA_TYPE       416 REQUEST_RANGE_NOT_SATISFIABLE
        416 REQUESTED_RANGE_NOT_SATISFIABLE 417 EXPECTATION_FAILED    421 MISDIRECTED_REQUEST
        422 UNPROCESSABLE_ENTITY         423 LOCKED                     424 FAILED_DEPENDENCY
        426 UPGRADE_REQUIRED             428 PRECONDITION_REQUIRED      429 TOO_MANY_REQUESTS
        431 REQUEST_HEADER_FIELDS_TOO_LARGE 451 UNAVAILABLE_FOR_LEGAL_REASONS
        500 INTERNAL_SERVER_ERROR        501 NOT_IMPLEMENTED            502 BAD_GATEWAY
        503 SERVICE_UNAVAILABLE          504 GATEWAY_TIMEOUT            505 HTTP_VERSION_NOT_SUPPORTED
        506 VARIANT_ALSO_NEGOTIATES      507 INSUFFICIENT_STORAGE       508 LOOP_DETECTED
        510 NOT_EXTENDED                 511 NETWORK_AUTHENTICATION_REQUIRED
        """;
    String[] words = table.trim().split("\\s+");
    assertThat(words.length % 2).isZero();
    for (int i = 0; i < words.length; i += 2) {
      int code = Integer.parseInt(words[i]);
      assertThat(HttpStatus.byName(words[i + 1])).as(words[i + 1]).contains(HttpStatus.of(code));
    }
    assertThat(words.length / 2).isEqualTo(60);
  }

  // ---- descriptions and references ----

  @Test
  void everyConstantHasOneSentenceOfDescriptionAndAReference() {
    Set<String> seen = new HashSet<>();
    for (HttpStatus status : HttpStatus.values()) {
      String d = status.description();
      assertThat(d).as(status.name()).isNotBlank().endsWith(".").doesNotContain(". ").hasSizeLessThan(110);
      assertThat(Character.isUpperCase(d.charAt(0))).as(d).isTrue();
      assertThat(seen.add(d)).as("description repeated: %s", d).isTrue();
      assertThat(status.rfc()).matches("RFC \\d{4}, Section \\d+(\\.\\d+)*|draft-ietf-[a-z0-9-]+");
    }
    assertThat(HttpStatus.OK.rfc()).isEqualTo("RFC 9110, Section 15.3.1");
    assertThat(HttpStatus.TOO_MANY_REQUESTS.rfc()).isEqualTo("RFC 6585, Section 4");
  }

  // ---- cross-check with the python3 on this machine, when there is one ----

  @Test
  void everyPythonMemberExistsHereWithTheSameCodeAndOurOwnDescription() {
    Optional<List<String>> lines = PythonProbe.run("""
        import http
        for name, member in http.HTTPStatus.__members__.items():
            print(f"{member.value}\\t{name}\\t{member.phrase}\\t{member.description}")
        """);
    assumeTrue(lines.isPresent(), "python3 is not installed");
    assertThat(lines.get()).hasSizeGreaterThan(55);
    for (String line : lines.get()) {
      String[] f = line.split("\t", -1);
      int code = Integer.parseInt(f[0]);
      HttpStatus ours = HttpStatus.of(code);
      assertThat(HttpStatus.byName(f[1])).as(line).contains(ours);
      assertThat(ours.description()).as("our own words for %s", code).isNotEqualToIgnoringCase(f[3]);
    }
  }
}
