package dev.courier.server;

import java.util.Locale;
import java.util.Map;

/**
 * Content types by file extension, for {@link FileHandler}. Text types carry
 * {@code charset=utf-8} so browsers don't guess (and can't be tricked into UTF-7 style sniffing).
 * Unknown extensions are {@code application/octet-stream}.
 */
final class MimeTypes {
  private MimeTypes() {}

  static final String DEFAULT = "application/octet-stream";

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("webmanifest", "application/manifest+json"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("text", "text/plain; charset=utf-8"),
      Map.entry("log", "text/plain; charset=utf-8"),
      Map.entry("md", "text/markdown; charset=utf-8"),
      Map.entry("csv", "text/csv; charset=utf-8"),
      Map.entry("tsv", "text/tab-separated-values; charset=utf-8"),
      Map.entry("xml", "application/xml"),
      Map.entry("xhtml", "application/xhtml+xml"),
      Map.entry("rss", "application/rss+xml"),
      Map.entry("atom", "application/atom+xml"),
      Map.entry("ics", "text/calendar; charset=utf-8"),
      Map.entry("java", "text/x-java-source; charset=utf-8"),
      Map.entry("py", "text/x-python; charset=utf-8"),
      Map.entry("c", "text/x-c; charset=utf-8"),
      Map.entry("h", "text/x-c; charset=utf-8"),
      Map.entry("sh", "text/x-shellscript; charset=utf-8"),
      Map.entry("yaml", "application/yaml"),
      Map.entry("yml", "application/yaml"),
      Map.entry("toml", "application/toml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("avif", "image/avif"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("ico", "image/vnd.microsoft.icon"),
      Map.entry("bmp", "image/bmp"),
      Map.entry("tif", "image/tiff"),
      Map.entry("tiff", "image/tiff"),
      Map.entry("woff", "font/woff"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("ttf", "font/ttf"),
      Map.entry("otf", "font/otf"),
      Map.entry("mp3", "audio/mpeg"),
      Map.entry("ogg", "audio/ogg"),
      Map.entry("oga", "audio/ogg"),
      Map.entry("wav", "audio/wav"),
      Map.entry("flac", "audio/flac"),
      Map.entry("m4a", "audio/mp4"),
      Map.entry("mp4", "video/mp4"),
      Map.entry("m4v", "video/mp4"),
      Map.entry("webm", "video/webm"),
      Map.entry("ogv", "video/ogg"),
      Map.entry("mov", "video/quicktime"),
      Map.entry("pdf", "application/pdf"),
      Map.entry("zip", "application/zip"),
      Map.entry("gz", "application/gzip"),
      Map.entry("tgz", "application/gzip"),
      Map.entry("bz2", "application/x-bzip2"),
      Map.entry("xz", "application/x-xz"),
      Map.entry("zst", "application/zstd"),
      Map.entry("tar", "application/x-tar"),
      Map.entry("7z", "application/x-7z-compressed"),
      Map.entry("jar", "application/java-archive"),
      Map.entry("wasm", "application/wasm"),
      Map.entry("doc", "application/msword"),
      Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
      Map.entry("xls", "application/vnd.ms-excel"),
      Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      Map.entry("ppt", "application/vnd.ms-powerpoint"),
      Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
      Map.entry("odt", "application/vnd.oasis.opendocument.text"),
      Map.entry("epub", "application/epub+zip"),
      Map.entry("bin", DEFAULT),
      Map.entry("exe", DEFAULT),
      Map.entry("iso", "application/x-iso9660-image"),
      Map.entry("pem", "application/x-pem-file"),
      Map.entry("crt", "application/x-x509-ca-cert"));

  /** The content type for {@code fileName}, by its last extension, case-insensitively. */
  static String forName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0 || dot == fileName.length() - 1) return DEFAULT;
    String type = TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    return type == null ? DEFAULT : type;
  }
}
