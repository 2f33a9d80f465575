package dev.courier.server;

import dev.courier.http.HttpDate;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@link FileHandler} says about a file besides its bytes: Content-Type, ETag, Last-Modified.
 * All of it follows from the file's name, size and modification time (and the coding of a
 * precompressed sibling), which are read afresh on every request; the strings made from them are
 * remembered for the files served last, so a file asked for again costs no formatting. An entry is
 * used only when name, size, time and coding all match, so a changed file is never described with
 * its old validators.
 *
 * <pre>{@code
 * FileFacts.Facts f = facts.of(file, attrs, null);
 * response.header("ETag", f.etag()).header("Last-Modified", f.lastModified());
 * }</pre>
 */
final class FileFacts {
  /** Entries, a power of two; each file has one slot (its path's hash), the last one described wins. */
  private static final int SLOTS = 256;

  /** The description of one version of a file. */
  record Facts(Path file, long size, long modifiedMicros, String coding, String contentType, String etag,
      String lastModified, Instant modified) {}

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
    int slot = file.hashCode() & (SLOTS - 1);
    Facts known = recent[slot];
    if (known != null && known.size() == size && known.modifiedMicros() == micros
        && known.file().equals(file) && java.util.Objects.equals(known.coding(), coding)) {
      return known;
    }
    Instant modified = attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
    // RFC 9110 section 8.8.3: a strong validator differs between representations, so an encoded
    // sibling's tag (from its own size and time) also names its coding.
    String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(micros)
        + (coding == null ? "" : "-" + coding) + "\"";
    Facts made = new Facts(file, size, micros, coding, FileHandler.contentType(file.getFileName().toString(), mimeTypes),
        etag, HttpDate.format(modified), modified);
    recent[slot] = made;
    return made;
  }
}
