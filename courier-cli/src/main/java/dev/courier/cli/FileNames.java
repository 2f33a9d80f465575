package dev.courier.cli;

import dev.courier.http.Url;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name a download is saved under: the {@code Content-Disposition} file name (RFC 6266,
 * {@code filename*} first), else the URL's last path segment, else {@code index}; made safe
 * (no path separators, no {@code ..}, no leading dot, no control characters, at most 200
 * characters) and never an existing file ({@code name-1.ext}, {@code name-2.ext}...).
 *
 * <pre>{@code
 * FileNames.fromResponse(Optional.of("attachment; filename=\"../../etc/passwd\""), url);   // "passwd"
 * FileNames.unique(dir, "report.pdf");   // report.pdf, or report-1.pdf when that exists
 * }</pre>
 */
final class FileNames {
  private static final Pattern EXTENDED = Pattern.compile("filename\\*\\s*=\\s*([^']*)'[^']*'([^;\\s]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern QUOTED = Pattern.compile("filename\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern TOKEN = Pattern.compile("filename\\s*=\\s*([^;\\s\"]+)", Pattern.CASE_INSENSITIVE);
  private static final int MAX_LENGTH = 200;

  private FileNames() {}

  /** The safe name for a response's body. */
  static String fromResponse(java.util.Optional<String> contentDisposition, Url url) {
    String name = contentDisposition.map(FileNames::dispositionName).orElse("");
    if (sanitize(name).isEmpty()) {
      List<String> segments = url.pathSegments();
      name = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }
    String safe = sanitize(name);
    return safe.isEmpty() ? "index" : safe;
  }

  /** RFC 6266, Section 4.3: {@code filename*} (RFC 8187 encoding) wins over {@code filename}. */
  static String dispositionName(String header) {
    Matcher extended = EXTENDED.matcher(header);
    if (extended.find()) {
      try {
        var charset = extended.group(1).isEmpty() ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(extended.group(1));
        return java.net.URLDecoder.decode(extended.group(2).replace("+", "%2B"), charset);
      } catch (IllegalArgumentException e) {
        // a bad charset or escape: fall back to filename
      }
    }
    Matcher quoted = QUOTED.matcher(header);
    if (quoted.find()) return quoted.group(1).replaceAll("\\\\(.)", "$1");
    Matcher token = TOKEN.matcher(header);
    return token.find() ? token.group(1) : "";
  }

  /** Only the last path component, without control characters, {@code ..} or a leading dot. */
  static String sanitize(String name) {
    StringBuilder clean = new StringBuilder();
    name.codePoints().filter(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0))
        .forEach(clean::appendCodePoint);
    String s = clean.toString();
    int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    s = s.substring(slash + 1).replace("..", "").replace(":", "_").strip();
    while (s.startsWith(".")) s = s.substring(1);
    if (s.length() > MAX_LENGTH) {
      int dot = s.lastIndexOf('.');
      String ext = dot > 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
      s = s.substring(0, MAX_LENGTH - ext.length()) + ext;
    }
    return s;
  }

  /** {@code name} in {@code dir}, or {@code name-1.ext}, {@code name-2.ext}... when taken. */
  static Path unique(Path dir, String name) {
    Path path = dir.resolve(name);
    if (!Files.exists(path) && !Files.exists(dir.resolve(name + ".part"))) return path;
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 1; ; i++) {
      String candidate = base + "-" + i + ext;
      if (!Files.exists(dir.resolve(candidate)) && !Files.exists(dir.resolve(candidate + ".part"))) {
        return dir.resolve(candidate);
      }
    }
  }
}
