package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Url;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --download} and {@code -o}: names, safety against hostile names, never overwriting, progress. */
class DownloadTest {
  @RegisterExtension static final HttpBinServer BIN = new HttpBinServer();
  @TempDir Path dir;

  private List<String> files() throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void savesUnderTheUrlsNameAndNeverOverwrites() throws Exception {
    Run first = Run.piped().cwd(dir).run("-d", BIN.url("/bytes/3000"));
    assertThat(first.status).isZero();
    assertThat(first.out).isEmpty();
    assertThat(first.err).contains("Downloading 3.0 kB to").contains("Done. 3.0 kB in");
    assertThat(first.err).doesNotContain("\r"); // no progress redraws when stderr is not a terminal
    Run second = Run.piped().cwd(dir).run("-d", BIN.url("/bytes/3000"));
    assertThat(second.status).isZero();
    assertThat(files()).containsExactly("3000", "3000-1");
    assertThat(Files.size(dir.resolve("3000-1"))).isEqualTo(3000);
  }

  @Test
  void hostileContentDispositionNamesStayInTheDirectory() throws Exception {
    String[] hostile = {
        "attachment; filename=\"../../etc/passwd\"",
        "attachment; filename=\"/etc/shadow\"",
        "attachment; filename*=UTF-8''%00evil%2F..%2F..%2Fnul.txt",
        "attachment; filename=\"" + "a".repeat(300) + ".txt\"",
        "attachment; filename=\"..\"",
        "attachment; filename=\".bashrc\"",
    };
    for (String disposition : hostile) {
      Run run = Run.piped().cwd(dir).run("-d", BIN.url("/response-headers"), "Content-Disposition==" + disposition);
      assertThat(run.status).as(disposition).isZero();
    }
    List<String> saved = files();
    assertThat(saved).hasSize(hostile.length);
    assertThat(saved).contains("passwd", "shadow", "nul.txt", "bashrc", "response-headers");
    assertThat(saved).allMatch(name -> name.length() <= 200 && !name.startsWith(".") && !name.contains("/"));
    assertThat(saved.stream().filter(n -> n.startsWith("aaa")).findFirst().orElseThrow()).endsWith(".txt");
  }

  @Test
  void outputFileWithAndWithoutDownload() throws Exception {
    assertThat(Run.piped().cwd(dir).run("-d", "-o", "saved.bin", BIN.url("/bytes/10")).status).isZero();
    assertThat(Files.size(dir.resolve("saved.bin"))).isEqualTo(10);
    Run printed = Run.onTerminal().cwd(dir).run("-o", "body.json", BIN.url("/get"), "q==1");
    assertThat(printed.out).isEmpty();
    assertThat(Files.readString(dir.resolve("body.json"))).startsWith("{").contains("\"q\" : \"1\"").doesNotContain("\033[");
  }

  @Test
  void anErrorResponseIsPrintedNotSaved() throws Exception {
    Run run = Run.piped().cwd(dir).run("-d", BIN.url("/status/404"));
    assertThat(run.status).isEqualTo(4);
    assertThat(files()).isEmpty();
  }

  @Test
  void aCompressedBodyIsSavedDecoded() throws Exception {
    Run run = Run.piped().cwd(dir).run("-d", BIN.url("/gzip"));
    assertThat(run.status).isZero();
    assertThat(Files.readString(dir.resolve("gzip"))).contains("\"gzipped\"");
  }

  @Test
  void namesAndProgress() {
    Url url = Url.parse("http://x/files/report.pdf?x=1");
    assertThat(FileNames.fromResponse(Optional.empty(), url)).isEqualTo("report.pdf");
    assertThat(FileNames.fromResponse(Optional.empty(), Url.parse("http://x/"))).isEqualTo("index");
    assertThat(FileNames.fromResponse(Optional.of("attachment; filename*=UTF-8''na%C3%AFve.txt; filename=\"x.txt\""), url))
        .isEqualTo("naïve.txt");
    assertThat(FileNames.sanitize("C:\\Windows\\evil.exe")).isEqualTo("evil.exe");
    assertThat(FileNames.sanitize("a\u0000b\nc.txt")).isEqualTo("abc.txt");
    assertThat(Download.progress(500, 1000, 1_000_000_000L)).isEqualTo("[##########----------]  50%  500 B  500 B/s  ETA 0:01");
    assertThat(Download.progress(2_500_000, -1, 1_000_000_000L)).isEqualTo("2.5 MB  2.5 MB/s");
  }
}
