package dev.courier.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Media types by file name extension, for {@link MediaType#forFileName}: the types registered with
 * IANA where there is one, else the name every browser and web server uses. Types carry no
 * charset: a file's name does not say how its text is encoded.
 */
final class FileExtensions {
  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("html", "text/html"),
      Map.entry("htm", "text/html"),
      Map.entry("css", "text/css"),
      Map.entry("js", "text/javascript"), // RFC 9239
      Map.entry("mjs", "text/javascript"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("webmanifest", "application/manifest+json"),
      Map.entry("txt", "text/plain"),
      Map.entry("text", "text/plain"),
      Map.entry("log", "text/plain"),
      Map.entry("md", "text/markdown"), // RFC 7763
      Map.entry("csv", "text/csv"), // RFC 4180
      Map.entry("tsv", "text/tab-separated-values"),
      Map.entry("xml", "application/xml"), // RFC 7303
      Map.entry("xhtml", "application/xhtml+xml"),
      Map.entry("rss", "application/rss+xml"),
      Map.entry("atom", "application/atom+xml"),
      Map.entry("ics", "text/calendar"),
      Map.entry("java", "text/x-java-source"),
      Map.entry("py", "text/x-python"),
      Map.entry("c", "text/x-c"),
      Map.entry("h", "text/x-c"),
      Map.entry("sh", "text/x-shellscript"),
      Map.entry("yaml", "application/yaml"), // RFC 9512
      Map.entry("yml", "application/yaml"),
      Map.entry("toml", "application/toml"),
      Map.entry("rtf", "application/rtf"),
      Map.entry("ps", "application/postscript"),
      Map.entry("eps", "application/postscript"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("jfif", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("avif", "image/avif"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("ico", "image/vnd.microsoft.icon"),
      Map.entry("bmp", "image/bmp"),
      Map.entry("tif", "image/tiff"),
      Map.entry("tiff", "image/tiff"),
      Map.entry("woff", "font/woff"), // RFC 8081
      Map.entry("woff2", "font/woff2"),
      Map.entry("ttf", "font/ttf"),
      Map.entry("otf", "font/otf"),
      Map.entry("mp3", "audio/mpeg"),
      Map.entry("ogg", "audio/ogg"),
      Map.entry("oga", "audio/ogg"),
      Map.entry("wav", "audio/wav"),
      Map.entry("flac", "audio/flac"),
      Map.entry("m4a", "audio/mp4"),
      Map.entry("au", "audio/basic"),
      Map.entry("aif", "audio/aiff"),
      Map.entry("aiff", "audio/aiff"),
      Map.entry("mp4", "video/mp4"),
      Map.entry("m4v", "video/mp4"),
      Map.entry("mpg", "video/mpeg"),
      Map.entry("mpeg", "video/mpeg"),
      Map.entry("webm", "video/webm"),
      Map.entry("ogv", "video/ogg"),
      Map.entry("mov", "video/quicktime"),
      Map.entry("qt", "video/quicktime"),
      Map.entry("avi", "video/x-msvideo"),
      Map.entry("pdf", "application/pdf"),
      Map.entry("zip", "application/zip"),
      Map.entry("gz", "application/gzip"),
      Map.entry("tgz", "application/gzip"),
      Map.entry("bz2", "application/x-bzip2"),
      Map.entry("xz", "application/x-xz"),
      Map.entry("zst", "application/zstd"), // RFC 8878
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
      Map.entry("bin", "application/octet-stream"),
      Map.entry("exe", "application/octet-stream"),
      Map.entry("iso", "application/x-iso9660-image"),
      Map.entry("pem", "application/x-pem-file"),
      Map.entry("crt", "application/x-x509-ca-cert"));

  /** The table parsed once, so a lookup allocates nothing. */
  private static final Map<String, MediaType> TYPES = NAMES.entrySet().stream()
      .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> MediaType.parse(e.getValue())));

  private FileExtensions() {}

  /** The type for the last extension of {@code fileName}, case-insensitively. */
  static Optional<MediaType> typeOf(String fileName) {
    int dot = fileName.lastIndexOf('.');
    int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
    if (dot <= slash || dot == fileName.length() - 1) return Optional.empty();
    return Optional.ofNullable(TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }
}
