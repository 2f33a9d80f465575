package dev.courier.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.cookies.CookieFileException;
import dev.courier.cookies.CookieFileFormat;
import dev.courier.cookies.CookieFiles;
import dev.courier.cookies.CookieJar;
import dev.courier.http.Url;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code --session NAME|PATH}: the headers typed on the command line, the {@code --auth} and the
 * cookies of earlier calls, kept in a JSON file and sent again by later calls, as HTTPie does. A
 * name (no {@code /}) lives in {@code $XDG_CONFIG_HOME/courier/sessions/HOST/NAME.json}
 * (default {@code ~/.config}); anything else is a path. The cookies are the library's JSON cookie
 * format ({@link CookieFiles}), so they keep domain, path, expiry, Secure and HttpOnly.
 *
 * <pre>{@code
 * SessionFile file = SessionFile.open("login", url, io);
 * file.save();   // atomically, owner-only
 * }</pre>
 */
final class SessionFile {
  /** As HTTPie: an argument with a path separator is a path, anything else a name. */
  private static final Pattern NAME = Pattern.compile("[^/\\\\\\p{Cntrl}]+");
  /** As HTTPie: these describe one request's body or target, not the session. */
  private static final Set<String> NOT_KEPT = Set.of("content-type", "content-length", "host");

  private final Path path;
  final Map<String, String> headers = new LinkedHashMap<>();
  String authType;
  String auth;
  final CookieJar cookies = CookieJar.create();

  private SessionFile(Path path) {
    this.path = path;
  }

  /** The session named or at {@code arg} for requests to {@code url}, read if the file exists. */
  static SessionFile open(String arg, Url url, Io io) {
    SessionFile file = new SessionFile(locate(arg, url, io));
    if (Files.exists(file.path)) file.read();
    return file;
  }

  static Path locate(String arg, Url url, Io io) {
    if (!NAME.matcher(arg).matches() || arg.equals(".") || arg.equals("..")) return io.cwd().resolve(arg);
    String config = io.env("XDG_CONFIG_HOME").filter(s -> !s.isEmpty())
        .orElse(io.env("HOME").orElse(System.getProperty("user.home")) + "/.config");
    // As HTTPie: the host with its port, ':' made '_' so the directory name is valid everywhere.
    String host = url.host().replace(':', '_') + (url.hasDefaultPort() ? "" : "_" + url.port());
    return Path.of(config, "courier", "sessions", host, arg + ".json");
  }

  /** Keeps a header given on the command line (not Content-Type, Content-Length or Host). */
  void header(String name, String value) {
    if (NOT_KEPT.contains(name.toLowerCase(Locale.ROOT))) return;
    headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    headers.put(name, value);
  }

  private void read() {
    try {
      JsonNode root = CliJson.MAPPER.readTree(Files.readAllBytes(path));
      if (root == null || !root.isObject()) throw new IllegalArgumentException("not a JSON object");
      root.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), text(e.getValue(), "headers." + e.getKey())));
      JsonNode auth = root.path("auth");
      if (auth.isObject() && auth.has("raw")) {
        this.auth = text(auth.get("raw"), "auth.raw");
        this.authType = auth.path("type").asText("basic");
      }
      JsonNode cookies = root.path("cookies");
      if (!cookies.isMissingNode() && !cookies.isNull()) {
        byte[] json = CliJson.MAPPER.writeValueAsBytes(cookies);
        // Session cookies stay in a session file, as in HTTPie; the expired ones are dropped.
        this.cookies.addAll(CookieFiles.read(json, CookieFiles.Options.defaults().ignoreDiscard(true)).cookies());
      }
    } catch (IOException | IllegalArgumentException | CookieFileException e) {
      throw new BadItemException("--session " + path + ": not a valid session file: " + oneLine(e), e);
    }
  }

  private static String text(JsonNode node, String where) {
    if (!node.isTextual()) throw new IllegalArgumentException(where + " is not a string");
    return node.asText();
  }

  private static String oneLine(Exception e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replace('\n', ' ');
  }

  /** Writes the session to a temporary file (0600) beside it, then renames it over the old one. */
  void save() {
    ObjectNode root = CliJson.MAPPER.createObjectNode();
    ObjectNode h = root.putObject("headers");
    headers.forEach(h::put);
    if (auth != null) {
      ObjectNode a = root.putObject("auth");
      a.put("type", authType);
      a.put("raw", auth);
    } else {
      root.putNull("auth");
    }
    try {
      String cookieJson = CookieFiles.write(cookies.cookies(Instant.now()), CookieFileFormat.JSON);
      root.set("cookies", CliJson.MAPPER.readTree(cookieJson));
      byte[] bytes = CliJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
      Path target = path.toAbsolutePath();
      Files.createDirectories(target.getParent());
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      Path tmp = posix
          ? Files.createTempFile(target.getParent(), ".session-", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(target.getParent(), ".session-", ".tmp");
      try {
        Files.write(tmp, bytes);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("--session " + path + ": cannot save: " + e.getMessage(), e);
    }
  }
}
