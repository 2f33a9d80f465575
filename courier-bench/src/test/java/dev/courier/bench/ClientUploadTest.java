package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientUploadTest {
  @Test
  void anUploadPassesOnlyWhenTheServerStoredExactlyTheTestsBytes(@TempDir Path dir) throws Exception {
    ClientUpload.Test test = ClientUpload.prepare("bytes-8m", dir, "http/1.1");
    Path stored = dir.resolve("stored.bin");
    assertThat(test.length()).isEqualTo(8 << 20);
    assertThat(ReportUnits.of(test.label())).isSameAs(ReportUnits.MEBIBYTES);

    ClientUpload.check("exact", storing(stored, test.bytes(), 201), "", stored, test);
    byte[] flipped = test.bytes().clone();
    flipped[4321] ^= 1;
    assertThatThrownBy(() -> ClientUpload.check("corrupt", storing(stored, flipped, 204), "", stored, test))
        .hasMessageContaining("corrupt stored 8388608 bytes");
    assertThatThrownBy(() -> ClientUpload.check("short", storing(stored, Arrays.copyOf(test.bytes(), 10), 201), "",
        stored, test)).hasMessageContaining("short stored 10 bytes");
    assertThatThrownBy(() -> ClientUpload.check("refused", storing(stored, test.bytes(), 413), "", stored, test))
        .hasMessageContaining("refused got 413");
  }

  @Test
  void theFileTestSendsAFileOfItsLength(@TempDir Path dir) throws Exception {
    ClientUpload.Test test = ClientUpload.prepare("file", dir, "h2, TLS");
    assertThat(Files.size(test.file())).isEqualTo(test.length()).isEqualTo(64 << 20);
    assertThat(test.label()).isEqualTo("PUT 64 MiB file (h2, TLS)");
  }

  /** A client whose every upload leaves {@code bytes} in {@code stored}, answered with {@code status}. */
  private static UploadClient storing(Path stored, byte[] bytes, int status) {
    return new UploadClient() {
      @Override public int putFile(String url, Path file) throws Exception {
        Files.write(stored, bytes);
        return status;
      }

      @Override public int putBytes(String url, byte[] body) throws Exception {
        Files.write(stored, bytes);
        return status;
      }

      @Override public void close() {}
    };
  }
}
