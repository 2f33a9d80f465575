package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PublicSuffixListTest {
  static final Path TESTS = HttpStateConformanceTest.resource("/conformance/publicsuffix-tests/tests.txt");
  static final Path LIST = HttpStateConformanceTest.resource("/conformance/publicsuffix-list/public_suffix_list.dat");

  static List<String[]> cases() throws IOException {
    List<String[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(TESTS, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("//")) continue;
      int space = line.indexOf(' ');
      String input = line.substring(0, space);
      String expected = line.substring(space + 1).strip();
      out.add(new String[] {input.equals("null") ? null : input, expected.equals("null") ? null : expected});
    }
    return out;
  }

  /** The 78 checkPublicSuffix vectors against the pinned list in the test resources. */
  @TestFactory
  Stream<DynamicTest> publicSuffixTests() throws IOException {
    PublicSuffixList psl =
        PublicSuffixList.parse(Files.newBufferedReader(LIST, StandardCharsets.UTF_8), "pinned", "pinned");
    List<String[]> cases = cases();
    assertThat(cases).hasSize(78);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c[0] + " -> " + c[1], () -> {
      String actual = c[0] == null ? null : psl.registrableDomain(c[0]).orElse(null);
      assertThat(actual).isEqualTo(c[1]);
    }));
  }

  @Test
  void bundledListIsThePinnedSnapshotAndRecordsItsDate() throws IOException {
    PublicSuffixList bundled = PublicSuffixList.bundled();
    assertThat(bundled.date()).isEqualTo("2026-08-19");
    assertThat(bundled.size()).isEqualTo(10_248);
    for (String[] c : cases()) {
      if (c[0] != null) assertThat(bundled.registrableDomain(c[0]).orElse(null)).isEqualTo(c[1]);
    }
  }

  @Test
  void suffixesWildcardsExceptionsAndPrivateSection() {
    PublicSuffixList psl = PublicSuffixList.bundled();
    assertThat(psl.publicSuffix("www.example.co.uk")).contains("co.uk");
    assertThat(psl.isPublicSuffix("co.uk")).isTrue();
    assertThat(psl.isPublicSuffix("CO.UK")).isTrue(); // curl CVE-2023-46218: case must not bypass
    assertThat(psl.isPublicSuffix("github.io")).isTrue();
    assertThat(psl.isPublicSuffix("example.com")).isFalse();
    assertThat(psl.isPublicSuffix("foo.kobe.jp")).isTrue(); // *.kobe.jp
    assertThat(psl.isPublicSuffix("city.kobe.jp")).isFalse(); // !city.kobe.jp
    assertThat(psl.registrableDomain("bar.elb.amazonaws.com")).isEmpty(); // *.elb.amazonaws.com (OkHttp PR#3242)
    assertThat(psl.isPublicSuffix("localhost")).isTrue(); // implicit "*" rule
    assertThat(psl.registrableDomain("example.com.")).contains("example.com");
    assertThat(psl.registrableDomain("a..example.com")).isEmpty();
    assertThat(psl.registrableDomain("食狮.公司.cn")).contains("食狮.公司.cn");
    assertThat(psl.registrableDomain("xn--85x722f.xn--55qx5d.cn")).contains("xn--85x722f.xn--55qx5d.cn");
  }

  @Test
  void parsesRulesEndingAtWhitespace() throws IOException {
    PublicSuffixList psl = PublicSuffixList.parse(new StringReader("// c\nfoo bar\n*.w\n!x.w\n"), "d", "v");
    assertThat(psl.isPublicSuffix("foo")).isTrue();
    assertThat(psl.isPublicSuffix("a.w")).isTrue();
    assertThat(psl.isPublicSuffix("x.w")).isFalse();
    assertThat(psl.registrableDomain("y.x.w")).contains("x.w");
  }
}
