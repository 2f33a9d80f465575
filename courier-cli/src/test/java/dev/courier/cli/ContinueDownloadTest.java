package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --download --continue}: resuming with Range against httpbin's {@code /range/{n}}. */
class ContinueDownloadTest {
  @RegisterExtension static final HttpBinServer BIN = new HttpBinServer();
  @TempDir Path dir;

  private Run run(String... args) {
    return Run.piped().cwd(dir).run(args);
  }

  private String sha256(String name) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve(name))));
  }

  private byte[] fullDownload() throws Exception {
    Run full = run("-d", "-o", "full", BIN.url("/range/5000"));
    assertThat(full.status).isZero();
    return Files.readAllBytes(dir.resolve("full"));
  }

  @Test
  void aPartFileIsResumedWithRangeAndEndsIdenticalToAFullDownload() throws Exception {
    byte[] full = fullDownload();
    Files.write(dir.resolve("r.part"), Arrays.copyOf(full, 1234));
    Run resumed = run("-d", "-c", "-o", "r", BIN.url("/range/5000"));
    assertThat(resumed.status).isZero();
    assertThat(resumed.err).contains("Resuming at 1.2 kB");
    assertThat(sha256("r")).isEqualTo(sha256("full"));
    assertThat(dir.resolve("r.part")).doesNotExist();
  }

  @Test
  void aPartialOutputFileWithoutPartIsResumedToo() throws Exception {
    byte[] full = fullDownload();
    Files.write(dir.resolve("r2"), Arrays.copyOf(full, 100));
    assertThat(run("-d", "--continue", "-o", "r2", BIN.url("/range/5000")).status).isZero();
    assertThat(sha256("r2")).isEqualTo(sha256("full"));
  }

  @Test
  void aCompleteFileIsDoneWhenTheServerAnswers416WithItsLength() throws Exception {
    fullDownload();
    String before = sha256("full");
    Run again = run("-d", "-c", "-o", "full", BIN.url("/range/5000"));
    assertThat(again.status).isZero();
    assertThat(again.err).contains("already complete");
    assertThat(sha256("full")).isEqualTo(before);
  }

  @Test
  void aServerThatIgnoresTheRangeMakesTheDownloadStartOver() throws Exception {
    Files.writeString(dir.resolve("b.part"), "stale bytes that must not stay");
    Run run = run("-d", "-c", "-o", "b", BIN.url("/bytes/100"));
    assertThat(run.status).isZero();
    assertThat(Files.size(dir.resolve("b"))).isEqualTo(100);
    assertThat(dir.resolve("b.part")).doesNotExist();
  }

  @Test
  void continueNeedsADownloadToAFile() {
    Run run = run("-c", "-d", BIN.url("/range/10"));
    assertThat(run.status).isEqualTo(1);
    assertThat(run.err).isEqualTo("courier: error: --continue needs --download and --output FILE (the file to resume)\n");
  }

  @Test
  void contentRangeIsParsedStrictly() {
    assertThat(Download.contentRange("bytes 10-19/20")).containsExactly(10, 19, 20);
    assertThat(Download.contentRange("bytes */20")).containsExactly(-1, -1, 20);
    assertThat(Download.contentRange("bytes 10-19/*")).containsExactly(10, 19, -1);
    assertThat(Download.contentRange("bytes 10-19/15")).isNull();
    assertThat(Download.contentRange("bytes +1-19/20")).isNull();
    assertThat(Download.contentRange("items 1-2/3")).isNull();
  }
}
