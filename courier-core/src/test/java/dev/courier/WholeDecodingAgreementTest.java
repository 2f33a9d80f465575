package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testsupport.TestBytes;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A differential check of the two ways a coded body is read whole: decoded from memory once its
 * announced length has come ({@code ResponseBody} with a length hint), and decoded as it streams
 * (no hint). Over hundreds of generated bodies, whole or damaged (a byte flipped, cut short, bytes
 * after the end, a trailer that lies, several members) and under caps that sometimes bite, both
 * give the same bytes or fail with the same exception.
 */
class WholeDecodingAgreementTest {
  @Test
  void bothWaysAgreeOnEveryGeneratedBody() {
    Random random = new Random(2026_12_07L);
    int failures = 0;
    for (int i = 0; i < 600; i++) {
      String coding = List.of("gzip", "x-gzip", "deflate").get(random.nextInt(3));
      byte[] plain = content(random);
      byte[] coded = coding.equals("deflate") ? WholeDecodingTest.deflate(plain, random.nextBoolean())
          : gzip(plain, random);
      coded = damage(coded, random);
      long maxDecoded = random.nextInt(4) == 0 ? random.nextInt(40_000) : 1L << 30;
      long maxBuffered = random.nextInt(4) == 0 ? random.nextInt(40_000) : 1L << 26;
      Object whole = outcome(new ResponseBody(new ByteArrayInputStream(coded), List.of(coding), maxDecoded, maxBuffered,
          "http://t/").lengthHint(coded.length));
      Object streamed = outcome(new ResponseBody(new ByteArrayInputStream(coded), List.of(coding), maxDecoded,
          maxBuffered, "http://t/"));
      if (whole instanceof byte[] a && streamed instanceof byte[] b) {
        assertThat(a).as("case %d (%s, %d bytes coded)", i, coding, coded.length).isEqualTo(b);
      } else {
        assertThat(whole).as("case %d (%s, %d bytes coded)", i, coding, coded.length).isEqualTo(streamed);
        failures++;
      }
    }
    assertThat(failures).as("damaged or capped cases that failed both ways").isBetween(50, 550);
  }

  /** The decoded bytes, or the class of the exception reading them threw. */
  private static Object outcome(ResponseBody body) {
    try {
      return body.bytes();
    } catch (RuntimeException e) {
      return e.getClass();
    }
  }

  /** Text that compresses well, random bytes that do not, or nothing. */
  private static byte[] content(Random random) {
    int length = random.nextInt(5) == 0 ? random.nextInt(64) : random.nextInt(60_000);
    if (random.nextBoolean()) return TestBytes.random(length, random.nextLong());
    byte[] text = new byte[length];
    String record = "{\"id\":12,\"name\":\"ab\"},";
    for (int i = 0; i < length; i++) text[i] = (byte) record.charAt((i + random.nextInt(3)) % record.length());
    return text;
  }

  private static byte[] damage(byte[] coded, Random random) {
    if (coded.length == 0) return coded;
    return switch (random.nextInt(8)) {
      case 0 -> flipped(coded, random);
      case 1 -> Arrays.copyOf(coded, random.nextInt(coded.length)); // cut short
      case 2 -> WholeDecodingTest.concat(coded, TestBytes.random(1 + random.nextInt(40), random.nextLong())); // trailing
      case 3 -> withTrailerChanged(coded, random);
      default -> coded;
    };
  }

  private static byte[] flipped(byte[] coded, Random random) {
    byte[] changed = coded.clone();
    changed[random.nextInt(changed.length)] ^= (byte) (1 + random.nextInt(255));
    return changed;
  }

  private static byte[] withTrailerChanged(byte[] coded, Random random) {
    byte[] changed = coded.clone();
    changed[changed.length - 1 - random.nextInt(Math.min(8, changed.length))] ^= (byte) (1 + random.nextInt(255));
    return changed;
  }

  /** One gzip member, or two (RFC 1952 section 2.2) split at a random point. */
  private static byte[] gzip(byte[] plain, Random random) {
    if (plain.length > 1 && random.nextInt(4) == 0) {
      int at = random.nextInt(plain.length);
      return WholeDecodingTest.concat(WholeDecodingTest.gzip(Arrays.copyOf(plain, at)),
          WholeDecodingTest.gzip(Arrays.copyOfRange(plain, at, plain.length)));
    }
    return WholeDecodingTest.gzip(plain);
  }
}
