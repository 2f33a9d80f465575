package dev.courier.server;

import dev.courier.http.HttpDate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What {@link FileHandler} says about a file: Content-Type, ETag, Last-Modified, and for a small
 * file its bytes. All of it follows from the file's name, size and modification time (and the
 * coding of a precompressed sibling), which are read afresh on every request; the strings made
 * from them, and a small file's bytes, are remembered for the files served last, so a file asked
 * for again costs no formatting, and a small one no open, read and close. An entry is used only
 * when name, size, time, file key (device and inode) and coding all match, so a changed file is
 * never described with its old validators nor answered with its old bytes: its ETag already
 * promises that those facts name its content (RFC 9110 section 8.8.3), and Jetty's and Undertow's
 * file caches keep bytes on the same terms.
 *
 * <pre>{@code
 * FileFacts.Facts f = facts.of(file, attrs, null);
 * response.header("ETag", f.etag()).header("Last-Modified", f.lastModified());
 * byte[] bytes = facts.content(f, file); // null: send from the file
 * }</pre>
 */
final class FileFacts {
  /** Entries, a power of two; each version of a file has one slot ({@link #slot}), the last one described wins. */
  private static final int SLOTS = 256;

  /**
   * The largest file whose bytes are kept: a page, a stylesheet, a script or an icon of the usual
   * sizes, for at most {@code SLOTS} times this (4 MiB) per handler. Larger files go from the page
   * cache to the socket with sendfile, which costs no copy here.
   */
  static final int MAX_KEPT_BYTES = 16 * 1024;

  /**
   * How long ago a file must have last changed for its bytes to be kept. A file system stamps
   * writes with a clock that may tick only every few milliseconds, so two writes of the same
   * length within one tick leave the same size and time: bytes read between them must not be
   * kept (git guards its index against the same "racy" case). Two seconds covers every common
   * file system's granularity but FAT's.
   */
  private static final long SETTLED_MICROS = TimeUnit.SECONDS.toMicros(2);

  /**
   * The description of one version of a file; {@code askedAgain} whether it was asked for after
   * it was described, {@code content} its bytes once read and kept (not copied: never changed), else
   * null.
   */
  record Facts(Path file, long size, long modifiedMicros, Object fileKey, String coding, String contentType,
      String etag, String lastModified, Instant modified, boolean askedAgain, byte[] content) {
    Facts asAskedAgain() {
      return new Facts(file, size, modifiedMicros, fileKey, coding, contentType, etag, lastModified, modified, true, null);
    }

    Facts withContent(byte[] bytes) {
      return new Facts(file, size, modifiedMicros, fileKey, coding, contentType, etag, lastModified, modified, true, bytes);
    }
  }

  /** Read only, not through a link: the path is the real one FileHandler resolved. */
  private static final Set<OpenOption> READ_REAL = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private final Map<String, String> mimeTypes;
  /** Immutable entries read without a lock: a racing reader sees an old entry, a new one or none. */
  private final Facts[] recent = new Facts[SLOTS];

  /** Facts with the Content-Types of {@code mimeTypes} (lower-case extension to type) first. */
  FileFacts(Map<String, String> mimeTypes) {
    this.mimeTypes = mimeTypes;
  }

  /**
   * The facts of {@code file} whose content has {@code attrs}: its own, or a precompressed
   * sibling's when {@code coding} is not null (the type is still {@code file}'s).
   */
  Facts of(Path file, BasicFileAttributes attrs, String coding) {
    long size = attrs.size();
    long micros = attrs.lastModifiedTime().to(TimeUnit.MICROSECONDS);
    int slot = slot(file, coding);
    Facts known = recent[slot];
    Object fileKey = attrs.fileKey();
    if (known != null && known.size() == size && known.modifiedMicros() == micros
        && known.file().equals(file) && Objects.equals(known.fileKey(), fileKey)
        && Objects.equals(known.coding(), coding)) {
      return known;
    }
    Instant modified = attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
    // RFC 9110 section 8.8.3: a strong validator differs between representations, so an encoded
    // sibling's tag (from its own size and time) also names its coding.
    String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(micros)
        + (coding == null ? "" : "-" + coding) + "\"";
    Facts made = new Facts(file, size, micros, fileKey, coding,
        FileHandler.contentType(file.getFileName().toString(), mimeTypes), etag, HttpDate.format(modified), modified,
        false, null);
    recent[slot] = made;
    return made;
  }

  /** A file's slot: its path's, apart for each coding, so a file and its gzip sibling do not evict each other. */
  private static int slot(Path file, String coding) {
    return (file.hashCode() + 31 * Objects.hashCode(coding)) & (SLOTS - 1);
  }

  /**
   * The bytes of {@code served}, the file (or precompressed sibling) that {@code facts} describes:
   * kept ones, or read now and kept when the file is at most {@link #MAX_KEPT_BYTES} long, last
   * changed {@link #SETTLED_MICROS} or more ago, and asked for before in this version. Null when
   * they are not kept: the caller sends the file itself. A file whose length changed while it was
   * read is not kept either.
   */
  byte[] content(Facts facts, Path served) throws IOException {
    if (facts.content() != null) return facts.content();
    if (facts.size() > MAX_KEPT_BYTES) return null;
    long nowMicros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    if (nowMicros - facts.modifiedMicros() < SETTLED_MICROS) return null; // also a time in the future
    if (!facts.askedAgain()) {
      // Kept from a version's second request on: a site with more small files than slots, asked
      // for in turn, would otherwise read each into memory and drop it unused.
      replaceIfCurrent(facts, facts.asAskedAgain());
      return null;
    }
    byte[] bytes = new byte[(int) facts.size()];
    ByteBuffer into = ByteBuffer.wrap(bytes);
    try (FileChannel channel = FileChannel.open(served, READ_REAL)) {
      while (into.hasRemaining()) {
        if (channel.read(into) < 0) return null; // shorter than its facts: changing, send the file
      }
      if (channel.size() != bytes.length) return null; // longer now: changing too
    }
    replaceIfCurrent(facts, facts.withContent(bytes));
    return bytes;
  }

  /**
   * Puts {@code next} in the place of {@code facts} if its slot still holds them: another file or a
   * newer version of this one may hold the slot now, and is not to be overwritten.
   */
  private void replaceIfCurrent(Facts facts, Facts next) {
    int slot = slot(facts.file(), facts.coding());
    if (recent[slot] == facts) recent[slot] = next;
  }

  /** The bytes the entries keep now (for tests: a racing writer may change it meanwhile). */
  long keptBytes() {
    long total = 0;
    for (Facts facts : recent) {
      if (facts != null && facts.content() != null) total += facts.content().length;
    }
    return total;
  }
}
