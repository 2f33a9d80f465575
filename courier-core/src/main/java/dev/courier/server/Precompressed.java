package dev.courier.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses between a file and its precompressed siblings ({@code name.br}, {@code name.zst},
 * {@code name.gz}) for {@link FileHandler}, by the request's {@code Accept-Encoding} (RFC 9110
 * section 12.5.3, qualities honoured; on a tie the smaller coding first: br, zstd, gzip).
 *
 * <p>Rules: a sibling counts only when it is a regular file inside the root (as the file itself)
 * and at least as new as the file, so a stale one is never served. A request with {@code Range}
 * gets the file itself: a range names bytes of one representation (RFC 9110 section 14.1.2), and
 * clients that resume or seek mean the file's bytes; an {@code If-Range} holding a sibling's tag
 * then fails to match and the whole file is sent, as section 13.1.5 requires. The identity is
 * chosen over a coding only when the client ranks it higher explicitly ({@code identity;q=1,
 * gzip;q=0.5}).
 *
 * <pre>{@code
 * Precompressed.Choice c = Precompressed.choose(request, root, file, attrs, false);
 * if (c.file() != null) serve(c.file(), "Content-Encoding: " + c.coding());
 * }</pre>
 */
final class Precompressed {
  private static final List<String> CODINGS = List.of("br", "zstd", "gzip");
  private static final List<String> SUFFIXES = List.of(".br", ".zst", ".gz");

  private Precompressed() {}

  /**
   * What to send: {@code file} null for the file itself; {@code varies} when the file has siblings
   * (so every answer about it depends on Accept-Encoding).
   */
  record Choice(Path file, BasicFileAttributes attributes, String coding, boolean varies) {
    static final Choice NONE = new Choice(null, null, null, false);
    static final Choice IDENTITY_VARIES = new Choice(null, null, null, true);
  }

  static Choice choose(ServerRequest request, Path realRoot, Path file, BasicFileAttributes attrs,
      boolean allowLinksOutside) throws IOException {
    List<String> available = new ArrayList<>(3);
    List<Path> paths = new ArrayList<>(3);
    List<BasicFileAttributes> found = new ArrayList<>(3);
    String name = file.getFileName().toString();
    for (int i = 0; i < SUFFIXES.size(); i++) {
      Path sibling = file.resolveSibling(name + SUFFIXES.get(i));
      if (!Files.isRegularFile(sibling) || !SafePaths.isInside(realRoot, sibling, allowLinksOutside)) continue;
      Path real = sibling.toRealPath();
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
      if (a.lastModifiedTime().compareTo(attrs.lastModifiedTime()) < 0) continue; // stale
      available.add(CODINGS.get(i));
      paths.add(real);
      found.add(a);
    }
    if (available.isEmpty()) return Choice.NONE;
    if (request.header("Range").isPresent()) return Choice.IDENTITY_VARIES;
    String header = String.join(", ", request.headers().allValues("Accept-Encoding"));
    if (header.isBlank()) return Choice.IDENTITY_VARIES;
    String coding = AcceptEncoding.preferred(header, available);
    if (coding == null) return Choice.IDENTITY_VARIES;
    if (explicitlyRanks(header) && AcceptEncoding.quality(header, "identity") > AcceptEncoding.quality(header, coding)) {
      return Choice.IDENTITY_VARIES;
    }
    int i = available.indexOf(coding);
    return new Choice(paths.get(i), found.get(i), coding, true);
  }

  /** True when the header gives identity a quality of its own (listed, or through {@code *}). */
  private static boolean explicitlyRanks(String header) {
    String lower = header.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("identity") || lower.contains("*");
  }
}
