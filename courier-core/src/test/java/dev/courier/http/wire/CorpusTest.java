package dev.courier.http.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the request and response corpora: each case fed whole, one byte at a time and in random
 * pieces must give exactly the expected events (or error).
 */
class CorpusTest {
  static final String REQUESTS = "/dev/courier/http/wire/corpus-requests.txt";
  static final String RESPONSES = "/dev/courier/http/wire/corpus-responses.txt";

  static List<Corpus.Case> all() {
    List<Corpus.Case> cases = new ArrayList<>(Corpus.read(REQUESTS));
    cases.addAll(Corpus.read(RESPONSES));
    return cases;
  }

  static Http1Parser parserFor(Corpus.Case c) {
    Http1Parser parser = c.requests() ? Http1Parser.forRequests() : Http1Parser.forResponses();
    c.methods().forEach(parser::expectResponseTo);
    return parser;
  }

  @TestFactory
  Stream<DynamicTest> corpus() {
    return all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
      List<String> whole = EventLog.run(parserFor(c), c.input(), c.eof(), round -> Integer.MAX_VALUE);
      assertMatches(c, whole);
      List<String> bytewise = EventLog.run(parserFor(c), c.input(), c.eof(), round -> 1);
      assertThat(bytewise).as("%s one byte at a time", c).isEqualTo(whole);
      Random random = new Random(c.name().hashCode());
      List<String> pieces = EventLog.run(parserFor(c), c.input(), c.eof(), round -> 1 + random.nextInt(16));
      assertThat(pieces).as("%s in random pieces", c).isEqualTo(whole);
    }));
  }

  /** Error lines match on status and message fragment; all other lines exactly. */
  static void assertMatches(Corpus.Case c, List<String> actual) {
    List<String> expected = c.expected();
    String context = c + "\nactual:\n  " + String.join("\n  ", actual);
    assertThat(actual).as(context).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      String e = expected.get(i);
      if (e.startsWith("error ")) {
        assertThat(actual.get(i)).as(context).startsWith(e.substring(0, 9));
        assertThat(actual.get(i).substring(9).toLowerCase(java.util.Locale.ROOT)).as(context)
            .contains(e.substring(9).strip().toLowerCase(java.util.Locale.ROOT));
      } else {
        assertThat(actual.get(i)).as(context).isEqualTo(e);
      }
    }
  }

  @Test
  void corpusIsLargeAndCoversBothDirections() {
    List<Corpus.Case> cases = all();
    // Exact counts: a case lost to a loader change (a bad separator, a skipped file) fails here.
    assertThat(cases).hasSize(266);
    assertThat(cases.stream().filter(Corpus.Case::requests).count()).isEqualTo(188);
    assertThat(cases.stream().filter(c -> !c.requests()).count()).isEqualTo(78);
    assertThat(cases.stream().map(Corpus.Case::name).distinct().count()).isEqualTo(cases.size());
  }
}
