package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Url;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Runs the 222 http-state jar cases (conformance/http-state/parser) with a clock fixed at
 * 2017-08-09, the suite's last commit. Cases where RFC 6265bis decides otherwise than the 2011
 * suite are listed, with the answer we give and the section that decides it, in
 * conformance/http-state/DEVIATIONS.md; the test holds us to that answer too.
 */
class HttpStateConformanceTest {
  static final Instant NOW = Instant.parse("2017-08-09T00:00:00Z");
  static final Path ROOT = resource("/conformance/http-state");

  static int passed, deviated, optionalPassed, disabled;

  static Path resource(String name) {
    try {
      return Path.of(HttpStateConformanceTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows of the DEVIATIONS.md table: case name to the Cookie header we send instead. */
  static Map<String, String> deviations() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve("DEVIATIONS.md"), StandardCharsets.UTF_8)) {
      if (!line.startsWith("| `")) continue;
      String[] cells = line.split("\\|");
      String name = cells[1].strip().replace("`", "");
      String ours = cells[3].strip();
      ours = ours.equals("(none)") ? "" : ours.substring(1, ours.length() - 1); // strip backticks
      out.put(name, ours);
    }
    return out;
  }

  static List<String> caseNames() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("parser"))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith("-test"))
          .map(n -> n.substring(0, n.length() - "-test".length()))
          .sorted()
          .toList();
    }
  }

  static String run(String name) throws IOException {
    return run(name, CookiePolicy.defaults());
  }

  static String run(String name, CookiePolicy policy) throws IOException {
    String input = Files.readString(ROOT.resolve("parser/" + name + "-test"), StandardCharsets.ISO_8859_1);
    CookieJar jar = CookieJar.builder().policy(policy).clock(() -> NOW).build();
    String first = "http://home.example.org:8888/cookie-parser?" + name;
    String second = "http://home.example.org:8888/cookie-parser-result?" + name;
    for (String line : input.split("\n", -1)) {
      if (line.regionMatches(true, 0, "Set-Cookie:", 0, 11)) {
        jar.setCookie(Url.parse(first), line.substring(11).stripLeading(), NOW);
      } else if (line.regionMatches(true, 0, "Location:", 0, 9)) {
        second = Url.parse(first).resolve(line.substring(9).strip()).toString();
      }
    }
    return jar.cookieHeader(Url.parse(second), NOW);
  }

  static String expected(String name) throws IOException {
    String text = Files.readString(ROOT.resolve("parser/" + name + "-expected"), StandardCharsets.ISO_8859_1);
    if (name.equals("0028")) return ""; // the file repeats the input; parser.json says nothing is sent
    text = text.strip();
    return text.startsWith("Cookie:") ? text.substring(7).strip() : text;
  }

  @TestFactory
  Stream<DynamicTest> httpStateCases() throws IOException {
    Map<String, String> deviations = deviations();
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : caseNames()) {
      tests.add(DynamicTest.dynamicTest(name, () -> {
        String actual = run(name);
        String expected = expected(name);
        if (name.startsWith("disabled-")) {
          // The suite itself switches these off (they contradict RFC 6265 or each other): run,
          // but reported as skipped with the reason, never counted as passed.
          disabled++;
          throw new TestAbortedException("disabled in the http-state suite (not part of RFC 6265"
              + " conformance); we send '" + actual + "', the file says '" + expected + "'");
        }
        if (deviations.containsKey(name)) {
          assertThat(actual).as("%s: our documented answer (DEVIATIONS.md)", name).isEqualTo(deviations.get(name));
          assertThat(actual).as("%s is listed as a deviation but matches the suite", name).isNotEqualTo(expected);
          deviated++;
          return;
        }
        if (name.startsWith("optional-")) {
          // Optional in the suite, but we follow all four: asserted, so a change is seen.
          assertThat(actual).as("%s (optional in the suite, followed here)", name).isEqualTo(expected);
          optionalPassed++;
          return;
        }
        assertThat(actual).as(name).isEqualTo(expected);
        passed++;
      }));
    }
    return tests.stream();
  }

  /** With {@link CookiePolicy#rfc6265()} every non-disabled, non-optional case matches the suite as written. */
  @TestFactory
  Stream<DynamicTest> httpStateCasesInRfc6265Mode() throws IOException {
    return caseNames().stream()
        .filter(n -> !n.startsWith("disabled-") && !n.startsWith("optional-"))
        .map(name -> DynamicTest.dynamicTest("rfc6265 " + name, () ->
            assertThat(run(name, CookiePolicy.rfc6265())).as(name).isEqualTo(expected(name))));
  }

  @Test
  void suiteHasAllCases() throws IOException {
    assertThat(caseNames()).hasSize(222);
  }

  @AfterAll
  static void report() {
    System.out.printf(
        "http-state: %d passed, %d documented deviations, %d optional passed, %d disabled skipped%n",
        passed, deviated, optionalPassed, disabled);
  }
}
