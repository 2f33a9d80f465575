package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientDownloadTest {
  @Test
  void aTestsFileIsWrittenWithTheLengthAndChecksumTheClientsAreHeldTo(@TempDir Path dir) throws Exception {
    ClientDownload.Test test = ClientDownload.prepare("bytes-1m", dir);
    byte[] file = Files.readAllBytes(dir.resolve(test.file()));
    assertThat(file).hasSize(1 << 20);
    assertThat(test.whole()).isTrue();

    ClientDownload.check("exact", fixed(file), "", test);
    byte[] flipped = file.clone();
    flipped[12345] ^= 1;
    assertThatThrownBy(() -> ClientDownload.check("corrupt", fixed(flipped), "", test))
        .hasMessageContaining("corrupt read 1048576 bytes");
    assertThatThrownBy(() -> ClientDownload.check("short", fixed(Arrays.copyOf(file, 1000)), "", test))
        .hasMessageContaining("short read 1000 bytes");
  }

  @Test
  void theCompressedTestStoresItsJsonBesideTheGzipThatNginxSends(@TempDir Path dir) throws Exception {
    ClientDownload.Test test = ClientDownload.prepare("gzip", dir);
    byte[] json = Files.readAllBytes(dir.resolve("records.json"));
    byte[] gz = Files.readAllBytes(dir.resolve("records.json.gz"));
    assertThat(test.length()).isEqualTo(json.length).isGreaterThan(32 << 20);
    assertThat(gz.length).isLessThan(json.length / 4);
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("records.json.gz")))) {
      assertThat(in.readAllBytes()).isEqualTo(json);
    }
    assertThat(test.whole()).isFalse();
    ClientDownload.check("streamed", fixed(json), "", test);
  }

  /** A client that answers every URL with {@code body}. */
  private static DownloadClient fixed(byte[] body) {
    return new DownloadClient() {
      @Override public byte[] bytes(String url) {
        return body.clone();
      }

      @Override public long stream(String url, OutputStream out) throws java.io.IOException {
        out.write(body, 0, 100);
        out.write(body, 100, body.length - 100);
        return body.length;
      }

      @Override public void close() {}
    };
  }
}
