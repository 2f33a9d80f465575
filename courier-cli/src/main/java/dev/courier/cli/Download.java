package dev.courier.cli;

import dev.courier.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * {@code --download}: saves a response's (decoded) body to a file named by {@code -o}, else by
 * {@link FileNames}, with a progress line on stderr that updates in place on a terminal and
 * stays quiet when stderr is not one. The body goes to {@code NAME.part} first and is renamed
 * when complete, so an interrupted download never leaves a file that looks whole.
 *
 * <pre>{@code
 * Path saved = new Download(io, null).save(response);
 * }</pre>
 */
final class Download {
  private static final long REDRAW_NANOS = 100_000_000L; // ten redraws a second at most

  private final Io io;
  private final Path output; // -o, or null

  Download(Io io, Path output) {
    this.io = io;
    this.output = output;
  }

  /** Saves the body and returns where; the response is read to its end. */
  Path save(Response response) throws IOException {
    Path target = output != null ? io.cwd().resolve(output)
        : FileNames.unique(io.cwd(), FileNames.fromResponse(response.header("Content-Disposition"), response.url()));
    long total = response.header("Content-Length").map(Download::parseLength).orElse(-1L);
    if (response.headers().contains("Content-Encoding")) total = -1; // the length on the wire, not of the decoded file
    PrintStream err = io.err();
    Path shown = target.startsWith(io.cwd()) ? io.cwd().relativize(target) : target;
    err.println("Downloading " + (total >= 0 ? human(total) + " " : "") + "to \"" + shown + "\"");
    Path part = target.resolveSibling(target.getFileName() + ".part");
    long start = System.nanoTime();
    long done = 0;
    long lastDraw = 0;
    try (InputStream in = response.stream(); OutputStream out = Files.newOutputStream(part)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        done += n;
        long now = System.nanoTime();
        if (io.stderrTerminal() && now - lastDraw > REDRAW_NANOS) {
          err.print("\r" + progress(done, total, now - start) + "\033[K");
          err.flush();
          lastDraw = now;
        }
      }
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    long elapsed = System.nanoTime() - start;
    if (io.stderrTerminal()) err.print("\r" + progress(done, total, elapsed) + "\033[K\n");
    err.println("Done. " + human(done) + " in " + String.format(Locale.ROOT, "%.2fs", elapsed / 1e9)
        + " (" + human((long) (done / Math.max(elapsed / 1e9, 1e-6))) + "/s)");
    err.flush();
    return target;
  }

  /** {@code [#####-----]  52%  1.2 MB  3.4 MB/s  ETA 0:02}, or without percent and ETA when the length is unknown. */
  static String progress(long done, long total, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos / 1e9, 1e-6);
    long rate = (long) (done / seconds);
    if (total <= 0) return human(done) + "  " + human(rate) + "/s";
    int percent = (int) Math.min(100, done * 100 / total);
    int filled = percent / 5;
    long eta = rate > 0 ? (total - done) / rate : 0;
    return "[" + "#".repeat(filled) + "-".repeat(20 - filled) + "] " + String.format(Locale.ROOT, "%3d%%", percent)
        + "  " + human(done) + "  " + human(rate) + "/s  ETA " + (eta / 60) + ":" + String.format(Locale.ROOT, "%02d", eta % 60);
  }

  static String human(long bytes) {
    if (bytes < 1000) return bytes + " B";
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static long parseLength(String value) {
    if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) return -1;
    return Long.parseLong(value);
  }
}
