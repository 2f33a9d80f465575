package dev.courier.server;

import dev.courier.internal.Html;
import dev.courier.http.Url;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The HTML page listing a directory: directories first, then files, each sorted by name
 * (case-insensitively), with sizes and modification times (UTC) and a parent link. Every name is
 * HTML-escaped in text and attributes and percent-encoded in links; entries whose links lead
 * outside the root are left out.
 */
final class DirectoryListing {
  private DirectoryListing() {}

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private record Entry(String name, boolean directory, long size, java.time.Instant modified) {}

  /** The page for {@code dir}, shown as {@code displayPath} (decoded, e.g. {@code /docs/}). */
  static String render(Path realRoot, Path dir, String displayPath, boolean isRoot, boolean allowLinksOutside)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        if (!SafePaths.isInside(realRoot, child, allowLinksOutside)) continue;
        BasicFileAttributes attrs;
        try {
          attrs = Files.readAttributes(child, BasicFileAttributes.class);
        } catch (IOException e) {
          continue; // vanished or unreadable
        }
        String name = child.getFileName().toString();
        entries.add(new Entry(name, attrs.isDirectory(), attrs.size(), attrs.lastModifiedTime().toInstant()));
      }
    }
    entries.sort(Comparator.comparing((Entry e) -> !e.directory())
        .thenComparing(e -> e.name().toLowerCase(Locale.ROOT))
        .thenComparing(Entry::name));

    String title = "Index of " + Html.escape(displayPath);
    StringBuilder html = new StringBuilder(2048 + entries.size() * 160);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(title).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:60em;")
        .append("padding:0 1em;color:#1f2328;background:#fff}\n")
        .append("h1{font-weight:500;font-size:1.4em;word-break:break-all}\n")
        .append("table{border-collapse:collapse;width:100%}\n")
        .append("th,td{text-align:left;padding:.35em .6em;border-bottom:1px solid #e5e7eb}\n")
        .append("th{font-weight:600;color:#57606a;font-size:.9em}\n")
        .append("td.size,th.size{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n")
        .append("td.time{white-space:nowrap;color:#57606a;font-variant-numeric:tabular-nums}\n")
        .append("tr:hover td{background:#f6f8fa}\n")
        .append("a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}\n")
        .append("td.name a.dir{font-weight:600}\nfooter{margin-top:1.5em;color:#8c959f;font-size:.8em}\n")
        .append("@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}")
        .append("th,td.time{color:#8d96a0}th,td{border-color:#30363d}")
        .append("tr:hover td{background:#161b22}a{color:#4493f8}}\n")
        .append("</style>\n</head>\n<body>\n<h1>").append(title).append("</h1>\n<table>\n")
        .append("<thead><tr><th>Name</th><th class=\"size\">Size</th><th>Modified (UTC)</th></tr></thead>\n<tbody>\n");
    if (!isRoot) {
      html.append("<tr><td class=\"name\"><a class=\"dir\" href=\"../\">../</a></td><td class=\"size\">-</td>")
          .append("<td class=\"time\"></td></tr>\n");
    }
    for (Entry e : entries) {
      String href = Url.encodePathSegment(e.name()) + (e.directory() ? "/" : "");
      // "./" keeps a name such as "a:b" from being read as a URL scheme.
      String shown = Html.escape(e.name()) + (e.directory() ? "/" : "");
      html.append("<tr><td class=\"name\"><a").append(e.directory() ? " class=\"dir\"" : "")
          .append(" href=\"./").append(Html.escape(href)).append("\">").append(shown).append("</a></td>")
          .append("<td class=\"size\"").append(e.directory() ? ">" : " title=\"" + e.size() + " bytes\">")
          .append(e.directory() ? "-" : humanSize(e.size())).append("</td>")
          .append("<td class=\"time\">").append(TIME.format(e.modified())).append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n<footer>").append(entries.size())
        .append(entries.size() == 1 ? " entry" : " entries")
        .append(" &middot; served by Courier</footer>\n</body>\n</html>\n");
    return html.toString();
  }

  static String humanSize(long bytes) {
    if (bytes < 1024) return bytes + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  }
}
