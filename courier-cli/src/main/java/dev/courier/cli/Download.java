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
 * <p>{@code --continue}: the caller asked for {@code Range: bytes=N-} where N is the size of the
 * partial file ({@code NAME.part}, else {@code NAME}); a 206 whose {@code Content-Range} starts at
 * N is appended, a 200 (the server ignored the range, RFC 9110 section 14.2) starts over, and a 416
 * whose {@code Content-Range: bytes *}{@code /N} says the length is N means the file is complete.
 *
 * <pre>{@code
 * Path saved = new Download(io, null).save(response);
 * }</pre>
 */
final class Download {
  private static final long REDRAW_NANOS = 100_000_000L; // ten redraws a second at most

  private final Io io;
  private final Path output; // -o, or null
  private final long resumeFrom; // bytes already on disk, asked for with Range; 0 for a fresh download

  Download(Io io, Path output) {
    this(io, output, 0);
  }

  Download(Io io, Path output, long resumeFrom) {
    this.io = io;
    this.output = output;
    this.resumeFrom = resumeFrom;
  }

  /** The partial file {@code --continue} resumes: {@code NAME.part}, else {@code NAME}, else none. */
  static Path partial(Path target) {
    Path part = target.resolveSibling(target.getFileName() + ".part");
    return Files.isRegularFile(part) ? part : Files.isRegularFile(target) ? target : null;
  }

  /**
   * A 416 to our {@code Range} whose {@code Content-Range: bytes *}{@code /LENGTH} equals what we
   * have (RFC 9110 section 15.5.17): the download is complete; the partial file becomes the file.
   */
  boolean alreadyComplete(Response response) throws IOException {
    if (resumeFrom <= 0 || response.statusCode() != 416) return false;
    long[] range = contentRange(response.header("Content-Range").orElse(""));
    if (range == null || range[0] >= 0 || range[2] != resumeFrom) return false;
    Path target = io.cwd().resolve(output);
    Path part = target.resolveSibling(target.getFileName() + ".part");
    if (Files.isRegularFile(part)) Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    io.err().println("Done. \"" + output + "\" is already complete (" + human(resumeFrom) + ")");
    io.err().flush();
    return true;
  }

  /** {@code bytes FIRST-LAST/LENGTH} as {FIRST, LAST, LENGTH}; {@code bytes *}{@code /LENGTH} as {-1, -1, LENGTH}; -1 for {@code *} length; null when malformed. */
  static long[] contentRange(String value) {
    if (!value.startsWith("bytes ")) return null;
    String rest = value.substring(6).trim();
    int slash = rest.indexOf('/');
    if (slash < 0) return null;
    String lengthText = rest.substring(slash + 1);
    long length = lengthText.equals("*") ? -1 : parseLength(lengthText);
    if (length < 0 && !lengthText.equals("*")) return null;
    String span = rest.substring(0, slash);
    if (span.equals("*")) return length < 0 ? null : new long[] {-1, -1, length};
    int dash = span.indexOf('-');
    if (dash < 0) return null;
    long first = parseLength(span.substring(0, dash));
    long last = parseLength(span.substring(dash + 1));
    if (first < 0 || last < first || length >= 0 && last >= length) return null;
    return new long[] {first, last, length};
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
    long done = 0;
    boolean append = false;
    if (resumeFrom > 0 && response.statusCode() == 206) {
      String header = response.header("Content-Range").orElse("");
      long[] range = contentRange(header);
      // A range other than the one asked for would splice the wrong bytes into the file.
      if (range == null || range[0] != resumeFrom) {
        throw new IOException("cannot resume at byte " + resumeFrom + ": the server sent Content-Range: " + header);
      }
      if (!Files.isRegularFile(part)) Files.move(target, part);
      total = range[2];
      done = resumeFrom;
      append = true;
      err.println("Resuming at " + human(resumeFrom));
    }
    long start = System.nanoTime();
    long lastDraw = 0;
    OutputStream file = append
        ? Files.newOutputStream(part, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)
        : Files.newOutputStream(part); // a 200 to a resume starts over: truncated
    try (InputStream in = response.stream(); OutputStream out = file) {
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
