package dev.courier.http.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.FieldSyntax;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time scans agree with a plain byte loop for every byte value and position. */
class SyntaxTest {
  @Test
  void indexOfLfMatchesAByteLoop() {
    Random random = new Random(7);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (random.nextInt(4) == 0 ? '\n' - 1 + random.nextInt(3) : random.nextInt(256));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int expected = -1;
      for (int i = from; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(Syntax.indexOfLf(bytes, from, bytes.length)).isEqualTo(expected);
    }
  }

  @Test
  void indexOfNonFieldValueAgreesWithFieldSyntax() {
    for (int c = 0; c < 256; c++) {
      for (int at = 0; at < 17; at++) {
        byte[] bytes = "abcdefghijklmnopq".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        bytes[at] = (byte) c;
        int expected = FieldSyntax.isFieldValueChar(c) ? -1 : at;
        assertThat(Syntax.indexOfNonFieldValue(bytes, 0, bytes.length)).as("byte %d at %d", c, at)
            .isEqualTo(expected);
      }
    }
    Random random = new Random(11);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x5f));
      }
      int expected = -1;
      for (int i = 0; i < bytes.length; i++) {
        if (!FieldSyntax.isFieldValueChar(bytes[i] & 0xff)) {
          expected = i;
          break;
        }
      }
      assertThat(Syntax.indexOfNonFieldValue(bytes, 0, bytes.length)).isEqualTo(expected);
    }
  }
}
