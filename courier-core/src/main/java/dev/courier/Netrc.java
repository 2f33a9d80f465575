package dev.courier;

import dev.courier.http.Url;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code .netrc} file: credentials per machine, as curl, ftp and {@code requests} read
 * them.
 *
 * <p>Tokens are separated by white space; {@code machine NAME}, {@code default}, {@code login},
 * {@code password}, {@code account} and {@code macdef NAME} (whose body runs to the next empty line
 * and is skipped) are understood; a token may be double-quoted with backslash escapes (curl 7.84+,
 * Python 3.11+); a line whose first token starts with {@code #} is a comment. Lookups use the
 * host only (netrc has no ports), compared case-insensitively and exactly: credentials for
 * {@code example.com} are never offered to {@code evil.example.com} or to a URL whose user-info
 * merely looks like a machine name (CVE-2024-47081 in {@code requests}).
 *
 * <pre>{@code
 * Netrc netrc = Netrc.parse("machine api.example.com login ada password s3cret");
 * netrc.credentials("api.example.com");   // Optional[Entry[login=ada, ...]]
 * Session s = Session.builder().auth(Auth.netrc(netrc)).build();
 * }</pre>
 */
public final class Netrc {
  /** Netrc files larger than this are refused: real ones are a few kilobytes. */
  public static final long MAX_FILE_SIZE = 1 << 20;

  private final Map<String, Entry> machines;
  private final Entry defaultEntry;

  private Netrc(Map<String, Entry> machines, Entry defaultEntry) {
    this.machines = machines;
    this.defaultEntry = defaultEntry;
  }

  /** One machine's credentials; empty strings where the file gave none. */
  public record Entry(String login, String password, String account) {
    @Override
    public String toString() {
      return "Entry[login=" + login + ", password=" + (password.isEmpty() ? "" : Url.MASK) + "]";
    }
  }

  /**
   * The file named by {@code $NETRC}, else {@code ~/.netrc} (then {@code ~/_netrc}, as on
   * Windows); empty when none exists.
   *
   * @throws IllegalArgumentException when the file exists but is malformed (with its line)
   */
  public static Optional<Netrc> load() {
    return load(System.getenv(), Path.of(System.getProperty("user.home", ".")));
  }

  /** As {@link #load()} with this environment and home directory (tests pass their own). */
  static Optional<Netrc> load(Map<String, String> environment, Path home) {
    String env = environment.get("NETRC");
    if (env != null && !env.isEmpty()) {
      Path p = Path.of(env);
      return Files.isRegularFile(p) ? Optional.of(load(p)) : Optional.empty();
    }
    for (String name : List.of(".netrc", "_netrc")) {
      Path p = home.resolve(name);
      if (Files.isRegularFile(p)) return Optional.of(load(p));
    }
    return Optional.empty();
  }

  /** Reads and parses {@code path}. */
  public static Netrc load(Path path) {
    try {
      if (Files.size(path) > MAX_FILE_SIZE) {
        throw new IllegalArgumentException(path + " is larger than " + MAX_FILE_SIZE + " bytes");
      }
      return parse(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /**
   * Parses netrc text.
   *
   * @throws IllegalArgumentException naming the line of a token that makes no sense
   */
  public static Netrc parse(String text) {
    List<Token> tokens = tokenize(text);
    Map<String, Entry> machines = new LinkedHashMap<>();
    Entry defaultEntry = null;
    int i = 0;
    while (i < tokens.size()) {
      Token t = tokens.get(i++);
      String host;
      boolean isDefault = false;
      switch (t.text) {
        case "machine" -> {
          if (i >= tokens.size()) throw error(t, "machine without a name");
          host = tokens.get(i++).text.toLowerCase(Locale.ROOT);
        }
        case "default" -> {
          host = null;
          isDefault = true;
        }
        case "macdef" -> {
          // macdef bodies were already skipped by the tokenizer; only the name remains.
          if (i >= tokens.size()) throw error(t, "macdef without a name");
          i++;
          continue;
        }
        default -> throw error(t, "expected 'machine', 'default' or 'macdef' but found '" + t.text + "'");
      }
      String login = "";
      String password = "";
      String account = "";
      while (i < tokens.size()) {
        String key = tokens.get(i).text;
        if (key.equals("machine") || key.equals("default") || key.equals("macdef")) break;
        Token keyToken = tokens.get(i++);
        if (i >= tokens.size()) throw error(keyToken, "'" + key + "' without a value");
        String value = tokens.get(i++).text;
        switch (key) {
          case "login" -> login = value;
          case "password" -> password = value;
          case "account" -> account = value;
          default -> throw error(keyToken, "unknown token '" + key + "'");
        }
      }
      Entry entry = new Entry(login, password, account);
      if (isDefault) {
        defaultEntry = entry;
      } else {
        machines.putIfAbsent(host, entry); // the first entry for a machine wins, as in curl
      }
    }
    return new Netrc(Map.copyOf(machines), defaultEntry);
  }

  /** The entry for {@code host} (exact, case-insensitive), else the {@code default} entry. */
  public Optional<Entry> credentials(String host) {
    Entry e = machines.get(host.toLowerCase(Locale.ROOT));
    return Optional.ofNullable(e != null ? e : defaultEntry);
  }

  /** The machine names listed (lower-cased). */
  public java.util.Set<String> machines() {
    return machines.keySet();
  }

  private record Token(String text, int line) {}

  private static IllegalArgumentException error(Token t, String message) {
    return new IllegalArgumentException("netrc line " + t.line + ": " + message);
  }

  private static List<Token> tokenize(String s) {
    List<Token> tokens = new ArrayList<>();
    int line = 1;
    int i = 0;
    boolean lineStart = true;
    boolean afterMacdef = false; // macdef NAME was read: skip to the next empty line
    boolean valueNext = false; // the token before was a key that takes a value
    boolean macdefKey = false; // the token before was the keyword macdef (not a value spelled "macdef")
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
        i++;
        lineStart = true;
        if (afterMacdef) {
          // skip the macro body: lines up to and including the first empty line
          while (i < s.length()) {
            int end = s.indexOf('\n', i);
            String body = end < 0 ? s.substring(i) : s.substring(i, end);
            i = end < 0 ? s.length() : end + 1;
            line++;
            if (body.isBlank()) break;
          }
          afterMacdef = false;
        }
        continue;
      }
      if (isBlank(c)) {
        i++;
        continue;
      }
      if (c == '#' && lineStart) {
        int end = s.indexOf('\n', i);
        i = end < 0 ? s.length() : end;
        continue;
      }
      lineStart = false;
      StringBuilder token = new StringBuilder();
      if (c == '"') {
        i++;
        boolean closed = false;
        while (i < s.length()) {
          char d = s.charAt(i++);
          if (d == '"') {
            closed = true;
            break;
          }
          if (d == '\\' && i < s.length()) d = s.charAt(i++);
          if (d == '\n') line++;
          token.append(d);
        }
        if (!closed) throw new IllegalArgumentException("netrc line " + line + ": unterminated quote");
      } else {
        // Stops exactly where the loop above skips, so every token has at least one character
        // (found by fuzzing: Character.isWhitespace also counts VT and FS..US, which made an
        // empty token forever).
        while (i < s.length() && s.charAt(i) != '\n' && !isBlank(s.charAt(i))) token.append(s.charAt(i++));
      }
      String text = token.toString();
      tokens.add(new Token(text, line));
      // Keys and values alternate: "macdef" starts a macro only where a key stands, so a password
      // spelled "macdef" does not swallow the lines after it.
      boolean isValue = valueNext;
      if (isValue && macdefKey) afterMacdef = true; // this token is the macro's name
      macdefKey = !isValue && text.equals("macdef");
      valueNext = !isValue && switch (text) {
        case "machine", "login", "password", "account", "macdef" -> true;
        default -> false;
      };
    }
    return tokens;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b;
  }

  @Override
  public String toString() {
    return "Netrc" + machines.keySet() + (defaultEntry == null ? "" : " + default");
  }
}
