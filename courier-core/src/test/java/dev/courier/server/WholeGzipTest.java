package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testsupport.TestBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WholeGzip}: every body, of every size and kind, makes a gzip member that decodes to it,
 * with the trailer the RFC asks for; the deflaters and scratch arrays kept between calls never mix
 * two bodies, however many threads compress at once.
 */
class WholeGzipTest {
  @Test
  void everySizeAndKindOfBodyComesBackWhole() {
    byte[] text = "{\"id\":1,\"name\":\"a\"},".repeat(40_000).getBytes(StandardCharsets.UTF_8); // 800 KB
    List<byte[]> bodies = List.of(new byte[0], new byte[] {42}, TestBytes.random(1000, 1),
        TestBytes.random(200_000, 2), // incompressible: its output passes the 64 KiB scratch array
        text, TestBytes.random(WholeGzip.LARGEST, 3));
    for (byte[] body : bodies) {
      byte[] member = WholeGzip.compress(body);
      assertThat(gunzip(member)).as("%d bytes", body.length).isEqualTo(body);
      assertThat(member).startsWith(WholeGzip.HEADER);
      int isize = (member[member.length - 4] & 0xff) | (member[member.length - 3] & 0xff) << 8
          | (member[member.length - 2] & 0xff) << 16 | (member[member.length - 1] & 0xff) << 24;
      assertThat(isize).isEqualTo(body.length); // RFC 1952 section 2.3.1
    }
    assertThat(WholeGzip.compress(text).length).isLessThan(text.length / 20);
  }

  @Test
  void aFileRegionIsReadWholeAndAShrunkFileFailsBeforeAnythingIsSent(@TempDir Path dir) throws IOException {
    byte[] small = "{\"a\":1}".repeat(1000).getBytes(StandardCharsets.UTF_8); // fits the kept 64 KiB array
    byte[] large = TestBytes.random(300_000, 9); // its own array
    for (byte[] content : List.of(small, large)) {
      Path file = Files.write(dir.resolve("f" + content.length), content);
      try (FileChannel channel = FileChannel.open(file)) {
        assertThat(gunzip(WholeGzip.compress(channel, 0, content.length))).isEqualTo(content);
        assertThat(gunzip(WholeGzip.compress(channel, 100, content.length - 200)))
            .isEqualTo(java.util.Arrays.copyOfRange(content, 100, content.length - 100));
        assertThatThrownBy(() -> WholeGzip.compress(channel, 0, content.length + 1))
            .isInstanceOf(IOException.class).hasMessageContaining("shrank");
      }
    }
  }

  @Test
  void threadsCompressingAtOnceEachGetTheirOwnBody() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            byte[] body = TestBytes.random(1 + (seed * 7919 + i * 104_729) % 150_000, seed * 1000L + i);
            if (i % 2 == 0) {
              body = ("record " + seed + "/" + i + ";").repeat(1 + i * 10).getBytes(StandardCharsets.UTF_8);
            }
            if (!java.util.Arrays.equals(gunzip(WholeGzip.compress(body)), body)) return false;
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) assertThat(result.get()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] gunzip(byte[] member) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(member))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
