package dev.courier.server;

import dev.courier.internal.ByteRanges;
import dev.courier.http.MediaType;
import dev.courier.http.Url;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Serves the files under a directory, as Python's {@code http.server} does, with what a
 * production static server needs: {@code index.html} or a directory listing, content types,
 * validators and conditional requests (304/412), byte ranges (206, multipart/byteranges, 416),
 * {@code HEAD}, zero-copy transfer of file content, and the bytes of small files kept in memory
 * while they stay the same ({@link Builder#keepSmallFiles}).
 *
 * <p>It never serves anything outside its root: see {@link SafePaths} for the rules (decoded once,
 * ambiguous segments refused, real path checked, links out of the root refused unless
 * {@link Builder#allowLinksOutsideRoot}). A directory requested without its trailing slash is
 * redirected to it with a path-absolute {@code Location} that can never start with {@code //}.
 *
 * <pre>{@code
 * HttpServer.builder().port(8000).handler(FileHandler.of(Path.of("."))).start();
 * }</pre>
 */
public final class FileHandler implements Handler {
  private static final String ALLOW = "GET, HEAD, OPTIONS";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Read only; the path is real (no link in it), so a link put in its place since fails the open. */
  private static final Set<OpenOption> OPEN = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private final Path realRoot;
  private final boolean listDirectories;
  private final List<String> indexFiles;
  private final boolean allowLinksOutside;
  private final Map<String, String> mimeTypes;
  private final boolean precompressed;
  private final boolean keepSmallFiles;
  private final FileFacts facts;

  private FileHandler(Builder b) {
    try {
      this.realRoot = b.root.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve " + b.root + ": " + e.getMessage(), e);
    }
    if (!Files.isDirectory(realRoot)) throw new IllegalArgumentException("not a directory: " + b.root);
    this.listDirectories = b.listDirectories;
    this.indexFiles = List.copyOf(b.indexFiles);
    this.allowLinksOutside = b.allowLinksOutside;
    this.mimeTypes = Map.copyOf(b.mimeTypes);
    this.precompressed = b.precompressed;
    this.keepSmallFiles = b.keepSmallFiles;
    this.facts = new FileFacts(mimeTypes);
  }

  /**
   * Serves {@code root} with the defaults: listings on, {@code index.html} then {@code index.htm},
   * no links out of the root, no precompressed siblings.
   */
  public static FileHandler of(Path root) {
    return builder(root).build();
  }

  /** A builder for serving {@code root}. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** The real path of the directory served. */
  public Path root() {
    return realRoot;
  }

  @Override
  public ServerResponse handle(ServerRequest request) throws IOException {
    String method = request.method();
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      if (method.equals("OPTIONS")) return ServerResponse.builder(204).header("Allow", ALLOW).build();
      return ErrorPages.response(405, request, method + " is not supported on files")
          .newBuilder().header("Allow", ALLOW).build();
    }
    SafePaths.Result result = SafePaths.resolve(realRoot, request.path(), allowLinksOutside);
    if (result instanceof SafePaths.Refused refused) {
      return ErrorPages.response(refused.status(), request, refused.status() == 404 ? "" : refused.reason());
    }
    SafePaths.Found found = (SafePaths.Found) result;
    BasicFileAttributes attrs = found.attributes();
    if (attrs.isDirectory()) {
      if (!found.trailingSlash()) return redirectToDirectory(request, found.segments());
      for (String index : indexFiles) {
        Path candidate = found.real().resolve(index);
        BasicFileAttributes indexAttrs;
        try {
          indexAttrs = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          continue; // no such index file
        }
        if (indexAttrs.isRegularFile()) return serveFile(request, candidate, indexAttrs); // the directory is real
        if (indexAttrs.isSymbolicLink() && Files.isRegularFile(candidate)
            && SafePaths.isInside(realRoot, candidate, allowLinksOutside)) {
          Path real = candidate.toRealPath();
          return serveFile(request, real, Files.readAttributes(real, BasicFileAttributes.class));
        }
      }
      if (!listDirectories) return ErrorPages.response(404, request, "");
      String display = request.basePath() + "/" + String.join("/", found.segments())
          + (found.segments().isEmpty() ? "" : "/");
      String page = DirectoryListing.render(realRoot, found.real(), display.replaceFirst("^/+", "/"),
          found.segments().isEmpty() && request.basePath().isEmpty(), allowLinksOutside);
      return ServerResponse.builder(200).header("Cache-Control", "no-cache").html(page);
    }
    if (!attrs.isRegularFile() || found.trailingSlash()) return ErrorPages.response(404, request, "");
    return serveFile(request, found.real(), attrs);
  }

  /** How many bytes of files this handler keeps in memory now ({@link Builder#keepSmallFiles}). */
  long keptBytes() {
    return facts.keptBytes();
  }

  /** 301 to the same directory with a slash; path-absolute, built from the decoded segments. */
  private static ServerResponse redirectToDirectory(ServerRequest request, List<String> segments) {
    StringBuilder location = new StringBuilder(request.basePath());
    for (String segment : segments) location.append('/').append(Url.encodePathSegment(segment));
    location.append('/');
    // CVE-2021-28861: never let the Location start with "//" (a scheme-relative URL to another host).
    String path = "/" + location.toString().replaceFirst("^/+", "");
    String query = request.query().map(q -> "?" + q).orElse("");
    return ServerResponse.redirect(301, path + query);
  }

  /**
   * The Content-Type for a file name: its media type, with {@code charset=utf-8} on text so browsers
   * do not guess (and cannot be led into UTF-7 style sniffing); application/octet-stream when the
   * extension is unknown.
   */
  static String contentType(String fileName) {
    return contentType(fileName, Map.of());
  }

  /** {@link #contentType(String)} with {@code table} (lower-case extension to type) consulted first. */
  static String contentType(String fileName, Map<String, String> table) {
    int dot = fileName.lastIndexOf('.');
    if (dot >= 0 && !table.isEmpty()) {
      String custom = table.get(fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
      if (custom != null) return custom;
    }
    MediaType type = MediaType.forFileName(fileName).orElse(MediaType.APPLICATION_OCTET_STREAM);
    return (type.type().equals("text") ? type.withCharset(StandardCharsets.UTF_8) : type).toString();
  }

  private ServerResponse serveFile(ServerRequest request, Path file, BasicFileAttributes attrs) throws IOException {
    Precompressed.Choice encoded = precompressed
        ? Precompressed.choose(request, realRoot, file, attrs, allowLinksOutside)
        : Precompressed.Choice.NONE;
    FileFacts.Facts facts = this.facts.of(file, encoded.file() != null ? encoded.attributes() : attrs, encoded.coding());
    if (encoded.file() != null) {
      file = encoded.file();
      attrs = encoded.attributes();
    }
    long size = attrs.size();
    Instant modified = facts.modified();
    String etag = facts.etag();
    String lastModified = facts.lastModified();
    String contentType = facts.contentType();

    ServerResponse.Builder head = ServerResponse.builder(200)
        .header("Last-Modified", lastModified)
        .header("ETag", etag)
        .header("Accept-Ranges", "bytes");
    // RFC 9110 section 12.5.5: the choice depended on Accept-Encoding, on every answer about this file.
    if (encoded.varies()) head.header("Vary", "Accept-Encoding");
    Integer precondition = Conditionals.evaluate(request, etag, modified);
    if (precondition != null) {
      if (precondition == 412) {
        return ErrorPages.response(412, request, "");
      }
      ServerResponse.Builder notModified = ServerResponse.builder(304).header("Last-Modified", lastModified).header("ETag", etag);
      if (encoded.varies()) notModified.header("Vary", "Accept-Encoding");
      return notModified.build();
    }
    head.contentType(contentType);
    if (encoded.coding() != null) head.header("Content-Encoding", encoded.coding());
    boolean isHead = request.method().equals("HEAD");
    Optional<String> range = request.method().equals("GET") ? request.header("Range") : Optional.empty();
    if (range.isPresent() && Conditionals.ifRangeAllows(request, etag, modified)) {
      ByteRanges.Result ranges = ByteRanges.parse(range.get(), size);
      if (ranges instanceof ByteRanges.Unsatisfiable) {
        return ErrorPages.response(416, request, "file has " + size + " bytes").newBuilder()
            .header("Content-Range", "bytes */" + size).build();
      }
      if (ranges instanceof ByteRanges.Satisfiable s) {
        head.status(206);
        if (s.ranges().size() == 1) {
          ByteRanges.Range r = s.ranges().get(0);
          head.header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
          return head.body(fileBody(file, r.first(), r.length(), false)).build();
        }
        return multipart(head, file, contentType, s.ranges(), size);
      }
    }
    if (!isHead && keepSmallFiles) {
      byte[] kept = this.facts.content(facts, file);
      if (kept != null) return head.body(ServerResponseBody.of(kept)).build();
    }
    return head.body(fileBody(file, 0, size, isHead)).build();
  }

  private static ServerResponseBody fileBody(Path file, long offset, long length, boolean headOnly) throws IOException {
    if (headOnly) return ServerResponseBody.writer(length, out -> {});
    return ServerResponseBody.file(FileChannel.open(file, OPEN), offset, length);
  }

  /** RFC 9110 section 14.6: one part per range, each with its Content-Type and Content-Range. */
  private static ServerResponse multipart(ServerResponse.Builder head, Path file, String contentType,
      List<ByteRanges.Range> ranges, long size) {
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    String boundary = "courier-" + HexFormat.of().formatHex(random);
    List<byte[]> partHeads = new ArrayList<>(ranges.size());
    long total = 0;
    for (ByteRanges.Range r : ranges) {
      byte[] partHead = ("--" + boundary + "\r\nContent-Type: " + contentType + "\r\nContent-Range: bytes "
          + r.first() + "-" + r.last() + "/" + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      partHeads.add(partHead);
      total += partHead.length + r.length() + 2;
    }
    byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    total += end.length;
    head.setHeader("Content-Type", "multipart/byteranges; boundary=" + boundary);
    return head.body(ServerResponseBody.writer(total, out -> {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        for (int i = 0; i < ranges.size(); i++) {
          out.write(partHeads.get(i));
          copy(channel, ranges.get(i), buffer, out);
          out.write('\r');
          out.write('\n');
        }
        out.write(end);
      }
    })).build();
  }

  private static void copy(FileChannel channel, ByteRanges.Range r, ByteBuffer buffer, OutputStream out)
      throws IOException {
    long position = r.first();
    long remaining = r.length();
    while (remaining > 0) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
      int n = channel.read(buffer, position);
      if (n < 0) throw new IOException("file shrank while being sent");
      out.write(buffer.array(), 0, n);
      position += n;
      remaining -= n;
    }
  }

  /** Builds a {@link FileHandler}. */
  public static final class Builder {
    private final Path root;
    private boolean listDirectories = true;
    private List<String> indexFiles = List.of("index.html", "index.htm");
    private boolean allowLinksOutside;
    private final Map<String, String> mimeTypes = new HashMap<>();
    private boolean precompressed;
    private boolean keepSmallFiles = true;

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /** Whether a directory without an index file is listed (default) or answered 404. */
    public Builder listDirectories(boolean list) {
      this.listDirectories = list;
      return this;
    }

    /** The file names served for a directory, first found wins (default {@code index.html}, {@code index.htm}). */
    public Builder indexFiles(String... names) {
      this.indexFiles = List.of(names);
      return this;
    }

    /**
     * Serves symbolic links whose targets are outside the root (default: refused with 404, and
     * hidden from listings). Turn on only when every link under the root is trusted.
     */
    public Builder allowLinksOutsideRoot(boolean allow) {
      this.allowLinksOutside = allow;
      return this;
    }

    /**
     * Serves files ending in {@code .extension} (case-insensitive; a leading dot is allowed, as in
     * Python's {@code extensions_map}) as {@code type}, before the built-in table.
     *
     * <pre>{@code
     * FileHandler.builder(root).mimeType("wasm", "application/wasm").mimeType(".md", "text/markdown; charset=utf-8");
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code type} is not a media type or the extension is empty
     */
    public Builder mimeType(String extension, String type) {
      String ext = extension.startsWith(".") ? extension.substring(1) : extension;
      if (ext.isEmpty() || ext.contains("/") || ext.contains(".")) {
        throw new IllegalArgumentException("not a file extension: " + extension);
      }
      MediaType.parse(type); // refuses what is not a media type
      dev.courier.http.FieldSyntax.requireFieldValue("Content-Type", type);
      mimeTypes.put(ext.toLowerCase(java.util.Locale.ROOT), type);
      return this;
    }

    /** {@link #mimeType} for each entry of {@code table}. */
    public Builder mimeTypes(Map<String, String> table) {
      table.forEach(this::mimeType);
      return this;
    }

    /**
     * Serves {@code file.br}, {@code file.zst} or {@code file.gz} beside {@code file}, with its
     * Content-Encoding, when the client's Accept-Encoding takes it (default off). Only siblings
     * at least as new as the file count, so a stale one is never served; a Range request always
     * gets the file itself. Answers about such a file carry {@code Vary: Accept-Encoding}.
     */
    public Builder precompressed(boolean serve) {
      this.precompressed = serve;
      return this;
    }

    /**
     * Whether the bytes of small files (up to 16 KiB) asked for more than once are kept in memory
     * (default on), at most 4 MiB per handler. A file is looked at on every request all the same:
     * its kept bytes are used only while its size, modification time and inode are those they were
     * read with, and a file changed less than two seconds ago is always read afresh. Turn off when
     * files are rewritten in place by tools that restore their old modification time and length.
     *
     * <pre>{@code
     * FileHandler.builder(root).keepSmallFiles(false).build();
     * }</pre>
     */
    public Builder keepSmallFiles(boolean keep) {
      this.keepSmallFiles = keep;
      return this;
    }

    public FileHandler build() {
      return new FileHandler(this);
    }
  }
}
