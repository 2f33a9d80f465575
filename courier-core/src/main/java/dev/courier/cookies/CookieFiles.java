package dev.courier.cookies;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Loads and saves cookie jars: the Netscape/curl {@code cookies.txt}, LWP {@code Set-Cookie3} and
 * JSON formats ({@link CookieFileFormat}).
 *
 * <pre>{@code
 * CookieJar jar = CookieFiles.load(Path.of("cookies.txt"));           // format recognised by content
 * CookieFiles.save(jar, Path.of("cookies.txt"), CookieFileFormat.NETSCAPE);
 *
 * // Keep session cookies too, like http.cookiejar's ignore_discard=True:
 * CookieFiles.save(jar, path, CookieFileFormat.JSON, CookieFiles.Options.defaults().ignoreDiscard(true));
 * }</pre>
 *
 * <p><b>As in Python's {@code http.cookiejar}:</b> by default neither loading nor saving keeps
 * session cookies ({@code ignoreDiscard}) or cookies expired at the options' time ({@code
 * ignoreExpires}).
 *
 * <p><b>Errors:</b> a malformed line makes {@code load} and {@code read} throw a {@link
 * CookieFileException} (unchecked) naming the file and line; nothing is half-loaded. A file that
 * cannot be read or written (missing, no permission, disk full) is an {@link IOException}. With {@link Options#lenient(boolean)} the bad lines
 * are skipped, every other cookie loads, and the problems are listed in the {@link LoadResult}.
 *
 * <p><b>Saving is atomic and private:</b> the text goes to a new temporary file in the same
 * directory, created with owner-only permissions (0600 on POSIX), forced to disk, then renamed over
 * the target (replacing a symlink rather than writing through it), and the directory is forced. A
 * crash at any point leaves the old file or the new one, never a mix or an empty file. Saves from
 * one JVM are serialised. Cookies a format cannot hold (a TAB inside a Netscape field, say) are not
 * written and are listed in the {@link SaveResult}, so nothing is lost silently. Temp files that a
 * crashed save left behind are removed by a later save once they are an hour old.
 */
public final class CookieFiles {
  /** Files larger than this are refused: 3000 cookies of 4 KiB are about 13 MiB in any format. */
  public static final long MAX_FILE_BYTES = 64L << 20;

  private static final ReentrantLock SAVE_LOCK = new ReentrantLock();

  private CookieFiles() {}

  /** A malformed line found while loading. */
  public record Problem(int lineNumber, String message) {}

  /** What a load found: the format, the cookies kept, and what was skipped. */
  public record LoadResult(
      CookieFileFormat format,
      List<Cookie> cookies,
      List<Problem> problems,
      int skippedSession,
      int skippedExpired) {
    public LoadResult {
      cookies = List.copyOf(cookies);
      problems = List.copyOf(problems);
    }
  }

  /** What a save wrote. {@code unwritable} lists the cookies the format cannot hold. */
  public record SaveResult(
      CookieFileFormat format, int written, List<Cookie> unwritable, int skippedSession, int skippedExpired) {
    public SaveResult {
      unwritable = List.copyOf(unwritable);
    }
  }

  /** Options for loading and saving; immutable, each wither returns a copy. */
  public static final class Options {
    private static final Options DEFAULTS = new Options(false, false, false, null);
    private final boolean ignoreDiscard;
    private final boolean ignoreExpires;
    private final boolean lenient;
    private final Instant now;

    private Options(boolean ignoreDiscard, boolean ignoreExpires, boolean lenient, Instant now) {
      this.ignoreDiscard = ignoreDiscard;
      this.ignoreExpires = ignoreExpires;
      this.lenient = lenient;
      this.now = now;
    }

    /** Session and expired cookies skipped, malformed lines fatal, "now" from the jar's clock. */
    public static Options defaults() {
      return DEFAULTS;
    }

    /** Keep session cookies (Python's {@code ignore_discard=True}). */
    public Options ignoreDiscard(boolean value) {
      return new Options(value, ignoreExpires, lenient, now);
    }

    /** Keep expired cookies (Python's {@code ignore_expires=True}). */
    public Options ignoreExpires(boolean value) {
      return new Options(ignoreDiscard, value, lenient, now);
    }

    /** Skip malformed lines and report them instead of failing the load. */
    public Options lenient(boolean value) {
      return new Options(ignoreDiscard, ignoreExpires, value, now);
    }

    /** The time expiry is judged at; by default the jar's clock (or the system clock). */
    public Options now(Instant value) {
      return new Options(ignoreDiscard, ignoreExpires, lenient, Objects.requireNonNull(value, "now"));
    }

    public boolean ignoreDiscard() {
      return ignoreDiscard;
    }

    public boolean ignoreExpires() {
      return ignoreExpires;
    }

    public boolean lenient() {
      return lenient;
    }

    public Optional<Instant> now() {
      return Optional.ofNullable(now);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Loading

  /**
   * Loads a file into a new jar with the default policy.
   *
   * @throws CookieFileException for a malformed line or a file over {@link #MAX_FILE_BYTES}
   * @throws IOException when the file cannot be read
   */
  public static CookieJar load(Path path) throws IOException {
    return load(path, Options.defaults());
  }

  /**
   * Loads a file into a new jar with {@code options}.
   *
   * @throws CookieFileException for a malformed line (unless lenient) or a file over {@link
   *     #MAX_FILE_BYTES}
   * @throws IOException when the file cannot be read
   */
  public static CookieJar load(Path path, Options options) throws IOException {
    CookieJar jar = CookieJar.create();
    loadInto(jar, path, options);
    return jar;
  }

  /**
   * Loads a file into an existing jar (cookies with the same identity are replaced).
   *
   * @throws CookieFileException for a malformed line (unless lenient) or a file over {@link
   *     #MAX_FILE_BYTES}; the jar is then unchanged
   * @throws IOException when the file cannot be read
   */
  public static LoadResult loadInto(CookieJar jar, Path path, Options options) throws IOException {
    if (Files.size(path) > MAX_FILE_BYTES) {
      throw new CookieFileException(path, 0, "larger than " + MAX_FILE_BYTES + " bytes");
    }
    byte[] bytes = Files.readAllBytes(path);
    LoadResult result = read(path, bytes, options.now().orElseGet(jar.clock()::instant), options);
    jar.addAll(result.cookies());
    return result;
  }

  /**
   * Makes the jar hold exactly what the file holds, dropping what was added since it was loaded or
   * saved (http.cookiejar's {@code revert()}). The file is read and checked first: when it cannot
   * be read or has a malformed line (unless lenient), the exception goes up and the jar is
   * unchanged.
   *
   * <pre>{@code
   * CookieFiles.revert(jar, Path.of("cookies.txt"), CookieFiles.Options.defaults());
   * }</pre>
   *
   * @throws CookieFileException for a malformed line or a file over {@link #MAX_FILE_BYTES}
   * @throws IOException when the file cannot be read
   */
  public static LoadResult revert(CookieJar jar, Path path, Options options) throws IOException {
    if (Files.size(path) > MAX_FILE_BYTES) {
      throw new CookieFileException(path, 0, "larger than " + MAX_FILE_BYTES + " bytes");
    }
    byte[] bytes = Files.readAllBytes(path);
    LoadResult result = read(path, bytes, options.now().orElseGet(jar.clock()::instant), options);
    jar.replaceWith(result.cookies());
    return result;
  }

  /**
   * Reads file content without a file (as loading does, including the expiry filter). Netscape and
   * LWP bytes are ISO-8859-1 (each byte one char, as in header values); JSON is UTF-8.
   *
   * @throws CookieFileException for a malformed line, unless the options are lenient
   */
  public static LoadResult read(byte[] content, Options options) {
    return read(null, content, options.now().orElseGet(Instant::now), options);
  }

  private static LoadResult read(Path file, byte[] bytes, Instant now, Options options) {
    String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
    CookieFileFormat format = CookieFileFormat.detect(latin1);
    String text = format == CookieFileFormat.JSON ? new String(bytes, StandardCharsets.UTF_8) : latin1;
    List<Cookie> cookies = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int[] skipped = new int[2];
    CookieFileCodec.of(format).read(text, new CookieFileCodec.Sink() {
      @Override
      public void cookie(int lineNumber, Cookie cookie) {
        if (!options.ignoreDiscard() && !cookie.persistent()) skipped[0]++;
        else if (!options.ignoreExpires() && cookie.isExpired(now)) skipped[1]++;
        else cookies.add(cookie);
      }

      @Override
      public void problem(int lineNumber, String message) {
        problems.add(new Problem(lineNumber, message));
      }
    });
    if (!problems.isEmpty() && !options.lenient()) {
      Problem first = problems.get(0);
      String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more bad lines)" : "";
      throw new CookieFileException(file, first.lineNumber(), first.message() + more);
    }
    return new LoadResult(format, cookies, problems, skipped[0], skipped[1]);
  }

  // ---------------------------------------------------------------------------------------------
  // Saving

  /**
   * Saves the jar atomically in {@code format} (session and expired cookies left out).
   *
   * @throws IOException when the file cannot be written (the old file is then unchanged)
   */
  public static SaveResult save(CookieJar jar, Path path, CookieFileFormat format) throws IOException {
    return save(jar, path, format, Options.defaults());
  }

  /**
   * Saves the jar atomically in {@code format} with {@code options} (which cookies to keep).
   *
   * @throws IOException when the file cannot be written (the old file is then unchanged)
   */
  public static SaveResult save(CookieJar jar, Path path, CookieFileFormat format, Options options)
      throws IOException {
    Instant now = options.now().orElseGet(jar.clock()::instant);
    List<Cookie> keep = new ArrayList<>();
    int session = 0;
    int expired = 0;
    for (Cookie c : jar.cookiesInCreationOrder()) {
      if (!options.ignoreDiscard() && !c.persistent()) session++;
      else if (!options.ignoreExpires() && c.isExpired(now)) expired++;
      else keep.add(c);
    }
    List<Cookie> unwritable = new ArrayList<>();
    String text = CookieFileCodec.of(format).write(keep, unwritable);
    byte[] bytes = text.getBytes(
        format == CookieFileFormat.JSON ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    writeAtomically(path, bytes);
    return new SaveResult(format, keep.size() - unwritable.size(), unwritable, session, expired);
  }

  /** The text a save would write (for tests, previews and fuzzing). */
  public static String write(Collection<Cookie> cookies, CookieFileFormat format) {
    return CookieFileCodec.of(format).write(List.copyOf(cookies), new ArrayList<>());
  }

  /** Temp file in the same directory (0600), fsync, atomic rename, fsync of the directory. */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    SAVE_LOCK.lock();
    try {
      Path tmp = createPrivateTempFile(dir, absolute.getFileName().toString());
      boolean moved = false;
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) ch.write(buffer);
          ch.force(true);
        }
        try {
          Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
        moved = true;
        forceDirectory(dir);
        removeStaleTempFiles(dir, absolute.getFileName().toString());
      } finally {
        if (!moved) Files.deleteIfExists(tmp);
      }
    } finally {
      SAVE_LOCK.unlock();
    }
  }

  private static Path createPrivateTempFile(Path dir, String name) throws IOException {
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
    // createTempFile uses CREATE_NEW (O_EXCL): a planted file or symlink at the name makes it pick
    // another name instead of writing through it.
    for (int attempt = 0; ; attempt++) {
      try {
        return Files.createTempFile(dir, "." + name + ".", ".tmp", attrs);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 10) throw e;
      }
    }
  }

  /** Temp files older than this were left by a save that crashed; younger ones may be in use. */
  static final java.time.Duration STALE_TEMP_AGE = java.time.Duration.ofHours(1);

  /** Removes temp files of this target that a crashed save left behind (best effort). */
  private static void removeStaleTempFiles(Path dir, String name) {
    String prefix = "." + name + ".";
    long cutoff = System.currentTimeMillis() - STALE_TEMP_AGE.toMillis();
    try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir, prefix + "*.tmp")) {
      for (Path p : entries) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: a leftover temp file never affects loading.
    }
  }

  private static void forceDirectory(Path dir) {
    // Makes the rename durable on Linux; some platforms cannot open a directory, which is fine.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort.
    }
  }
}
