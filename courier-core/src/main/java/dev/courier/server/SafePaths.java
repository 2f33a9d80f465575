package dev.courier.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps a request path to a file under a root, and refuses everything that could leave it.
 *
 * <p>The path is split on {@code /} first and each segment percent-decoded exactly once (RFC 3986
 * section 2.1), so {@code %2F} never becomes a separator and {@code %252e} stays the literal name
 * {@code %2e}. Ambiguous segments are rejected, not cleaned (as Jetty's {@code UriCompliance}
 * does): {@code .} and {@code ..} in any spelling, decoded {@code /} or {@code \}, control
 * characters including NUL, invalid UTF-8, and the Windows aliases ({@code :}, a trailing dot or
 * space, DOS device names) so the answers are the same on every OS. The joined path must stay
 * under the root lexically, and its real path (symbolic links resolved) under the root's real
 * path, unless links out of the root are explicitly allowed.
 */
final class SafePaths {
  private SafePaths() {}

  private static final Set<String> DOS_DEVICES = Set.of("con", "prn", "aux", "nul",
      "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
      "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  /** The outcome: a file or directory, or a status to answer with. */
  sealed interface Result {}

  /**
   * A path that exists under the root; {@code segments} are the decoded names from the request,
   * {@code attributes} those of {@code real} as found while resolving it.
   */
  record Found(Path real, List<String> segments, boolean trailingSlash, BasicFileAttributes attributes)
      implements Result {}

  /** Refused (400 for a malformed path, 404 for anything missing or outside the root). */
  record Refused(int status, String reason) implements Result {}

  static Result resolve(Path realRoot, String rawPath, boolean allowLinksOutside) {
    if (!rawPath.startsWith("/")) return new Refused(400, "path must start with '/'");
    List<String> segments = new ArrayList<>();
    int start = 1;
    int n = rawPath.length();
    while (start <= n) {
      int end = rawPath.indexOf('/', start);
      if (end < 0) end = n;
      if (end > start) { // empty segments ("//") are skipped: "//etc" is "/etc" under the root
        String decoded = decodeSegment(rawPath, start, end);
        if (decoded == null) return new Refused(400, "malformed percent-encoding or UTF-8 in path");
        String why = ambiguity(decoded);
        if (why != null) return new Refused(why.startsWith("!") ? 404 : 400, why.replace("!", ""));
        segments.add(decoded);
      }
      start = end + 1;
    }
    boolean trailingSlash = rawPath.endsWith("/");
    // Each name below the root is looked at without following links (lstat): while none is a
    // link the candidate is its own real path, found with one call per name and no realpath
    // (which reads every name from "/" again); the last call's attributes are the file's. Only
    // a link sends the path through toRealPath and the check that it stays under the root.
    BasicFileAttributes attributes;
    Path walked = realRoot;
    try {
      if (segments.isEmpty()) {
        attributes = Files.readAttributes(realRoot, BasicFileAttributes.class);
      } else {
        attributes = null;
        for (int i = 0; i < segments.size(); i++) {
          walked = walked.resolve(segments.get(i));
          attributes = Files.readAttributes(walked, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (attributes.isSymbolicLink()) return throughLinks(realRoot, walked, i + 1, segments, trailingSlash, allowLinksOutside);
          if (i < segments.size() - 1 && !attributes.isDirectory()) return new Refused(404, "no such file");
        }
      }
    } catch (IOException e) {
      return new Refused(404, "no such file");
    }
    // Segments are plain names (no dot segments, no separators), so this holds; checked all the same.
    if (!walked.startsWith(realRoot)) return new Refused(404, "outside the root");
    return new Found(walked, List.copyOf(segments), trailingSlash, attributes);
  }

  /**
   * The path has a link in it ({@code walked} is the path up to the first, {@code next} the index
   * of the segment after it): its real path, which must stay under the root unless links may leave it.
   */
  private static Result throughLinks(Path realRoot, Path walked, int next, List<String> segments, boolean trailingSlash,
      boolean allowLinksOutside) {
    Path candidate = walked;
    for (int i = next; i < segments.size(); i++) candidate = candidate.resolve(segments.get(i));
    try {
      Path real = candidate.toRealPath();
      if (!allowLinksOutside && !real.startsWith(realRoot)) return new Refused(404, "link leads outside the root");
      return new Found(real, List.copyOf(segments), trailingSlash, Files.readAttributes(real, BasicFileAttributes.class));
    } catch (IOException e) {
      return new Refused(404, "no such file"); // dangling, a loop, or gone meanwhile
    }
  }

  /** True when {@code entry} (in a directory under the root) may be shown and served. */
  static boolean isInside(Path realRoot, Path entry, boolean allowLinksOutside) {
    if (!Files.isSymbolicLink(entry)) return Files.exists(entry, LinkOption.NOFOLLOW_LINKS);
    try {
      Path real = entry.toRealPath();
      return allowLinksOutside || real.startsWith(realRoot);
    } catch (IOException e) {
      return false; // dangling link
    }
  }

  /** Why a decoded segment is refused (prefix "!" for 404), or null when it is fine. */
  private static String ambiguity(String s) {
    if (s.equals(".") || s.equals("..")) return "dot segment in path";
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '\\') return "encoded path separator";
      if (c < 0x20 || c == 0x7f) return "control character in path";
      if (c == ':') return "':' in path segment";
    }
    char last = s.charAt(s.length() - 1);
    if (last == '.' || last == ' ') return "path segment ends with '.' or space";
    int dot = s.indexOf('.');
    String base = (dot < 0 ? s : s.substring(0, dot)).trim().toLowerCase(Locale.ROOT);
    if (DOS_DEVICES.contains(base)) return "!reserved device name";
    return null;
  }

  /** Percent-decodes rawPath[from, to) once as strict UTF-8; null when malformed. */
  private static String decodeSegment(String raw, int from, int to) {
    int percent = raw.indexOf('%', from);
    if (percent < 0 || percent >= to) {
      for (int i = from; i < to; i++) if (raw.charAt(i) > 0x7e) return null;
      return raw.substring(from, to);
    }
    byte[] bytes = new byte[to - from];
    int len = 0;
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= to) return null;
        int hi = hex(raw.charAt(i + 1));
        int lo = hex(raw.charAt(i + 2));
        if (hi < 0 || lo < 0) return null;
        bytes[len++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c > 0x7e) {
        return null; // the codec never lets raw non-ASCII through; refuse rather than guess
      } else {
        bytes[len++] = (byte) c;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, len)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The value of an ASCII hex digit, or -1 (never Character.digit, which takes other scripts' digits). */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
}
