package dev.courier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one auth-parameter parser (RFC 9110, Section 11.2): its cost, counted. */
class AuthChallengeTest {
  /**
   * The parser reads each character a bounded number of times, whatever the input (CPython's
   * backtracking regex here was CVE-2021-3733): characters read are counted, not time measured,
   * on hostile shapes of growing size. The time is in courier-bench's AuthChallengeBenchmark.
   */
  @Test
  void challengeParsingReadsEachCharacterABoundedNumberOfTimes() {
    List<java.util.function.IntFunction<String>> shapes = List.of(
        n -> "Basic " + ",".repeat(n) + "realm=\"x",
        n -> "Digest " + "a=".repeat(n / 2),
        n -> "Digest realm=\"" + "\\\"".repeat(n / 3),
        n -> "a ".repeat(n / 2),
        n -> "Newauth " + "x".repeat(n) + "=",
        n -> "Basic " + "abc ".repeat(n / 4) + "=",
        n -> "Digest " + "a = b ,".repeat(n / 7),
        n -> "x=, ".repeat(n / 4),
        n -> "Negotiate abc==, ".repeat(n / 17));
    for (var shape : shapes) {
      long small = charactersRead(shape.apply(1_000));
      long large = charactersRead(shape.apply(16_000));
      String input = shape.apply(16_000);
      assertThat(large).as("reads of %s...", input.substring(0, 20))
          .isLessThanOrEqualTo(16L * input.length())
          // sixteen times the input, at most about sixteen times the reads: linear, not quadratic
          .isLessThanOrEqualTo(17 * small + 1_000);
    }
  }

  private static long charactersRead(String value) {
    long[] reads = {0};
    CharSequence counting = new CharSequence() {
      @Override
      public int length() {
        return value.length();
      }

      @Override
      public char charAt(int index) {
        reads[0]++;
        return value.charAt(index);
      }

      @Override
      public CharSequence subSequence(int start, int end) {
        reads[0] += end - start;
        return value.subSequence(start, end);
      }

      @Override
      public String toString() {
        reads[0] += value.length();
        return value;
      }
    };
    AuthChallenge.parseInto(counting, new java.util.ArrayList<>());
    return reads[0];
  }
}
