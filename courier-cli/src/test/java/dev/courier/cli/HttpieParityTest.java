package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.http.FormData;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same command line through HTTPie ({@code http --offline}) and {@code courier --offline}
 * gives the same request: method, target (query decoded), Host, Accept, Content-Type (media type),
 * the headers the items set, and the body (JSON compared as JSON, forms as decoded fields,
 * multipart as its parts, anything else byte for byte). Skipped, saying so, without HTTPie
 * ({@code apt-get install httpie}).
 *
 * <p>Deliberate differences (not in the table): {@code Header:} sends an empty header (HTTPie
 * removes the header; {@code Header;} is the same in both); {@code name@file} without
 * {@code --form} sends multipart (HTTPie refuses); JSON is sent compact, without HTTPie's spaces;
 * a form's Content-Type has no {@code charset=utf-8}; User-Agent, Accept-Encoding and HTTPie's
 * {@code Connection: keep-alive} differ; a lower-case first argument that is not a method is the
 * URL ({@code courier localhost a=1}); {@code \[} in a JSON key is a literal bracket (HTTPie
 * refuses it).
 */
class HttpieParityTest {
  private static final List<String> IGNORED = List.of("user-agent", "accept-encoding", "connection", "content-length");
  @TempDir static Path dir;

  static void files(Path dir) throws IOException {
    Files.writeString(dir.resolve("note.txt"), "a note\n");
    Files.writeString(dir.resolve("data.json"), "{\"k\": [1, {\"z\": null}]}");
    Files.writeString(dir.resolve("page.html"), "<p>hi</p>");
    Files.write(dir.resolve("blob.bin"), new byte[] {1, 2, 3, (byte) 0xff});
  }

  static Stream<String> commandLines() {
    return Stream.of(
        "example.org",
        "example.org/path/to?x=1",
        "GET example.org",
        "get example.org",
        "DELETE example.org/items/7",
        "HEAD example.org",
        "OPTIONS example.org",
        "PROPFIND example.org/dav",
        ":8000/get",
        ":/get",
        ":3000",
        "localhost/path",
        "127.0.0.1:9/x",
        "example.org q==courier",
        "example.org q==two~words q==again",
        "example.org/search?a=1 b==2",
        "example.org q==ü&x=y",
        "example.org X-Id:7",
        "example.org X-Empty;",
        "example.org Accept:text/html Cookie:a=1",
        "example.org User-Agent:tester/1",
        "example.org x-lower:v X-Multi:1 X-Multi:2",
        "example.org name=ada",
        "example.org name=ada age:=36 ok:=true none:=null",
        "example.org tags:=[\"a\",\"b\"] obj:={\"x\":1}",
        "PUT example.org name=ada",
        "PATCH example.org/users/1 name=ada",
        "example.org user[name]=ada user[age]:=36",
        "example.org tags[]=a tags[]=b",
        "example.org xs[2]=c",
        "example.org []:=1 []:=2",
        "example.org a[b][c][]:=1",
        "example.org bio=@note.txt",
        "example.org data:=@data.json",
        "example.org a\\=b=c",
        "example.org mail\\@x=1",
        "example.org X-Note:@note.txt",
        "example.org q==@note.txt",
        "--json example.org",
        "-j example.org a=1",
        "-f example.org name=ada",
        "-f example.org a=x~y b=ü&",
        "-f PUT example.org name=ada",
        "-f example.org bio=@note.txt",
        "-f example.org title=Q3 doc@note.txt",
        "-f example.org doc@page.html;type=text/x-custom",
        "-f example.org bin@blob.bin",
        "--multipart example.org a=1",
        "example.org @page.html",
        "PUT example.org @blob.bin",
        "--raw hello example.org",
        "--raw {\"a\":1} example.org Content-Type:application/vnd.api+json",
        "example.org Content-Type:text/plain name=x",
        "example.org Accept:application/xml name=x",
        "example.org/a%20b/c");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandLines")
  void sameRequestAsHttpie(String commandLine) throws Exception {
    assumeTrue(httpieInstalled(), "HTTPie (http) is not installed: apt-get install httpie");
    List<String> args = args(commandLine);
    Wire theirs = Wire.parse(HTTPIE.get(commandLine).get());
    List<String> ours = new ArrayList<>(List.of("--offline", "-p", "HB", "--pretty", "none"));
    ours.addAll(args);
    Run run = Run.piped().cwd(dir).run(ours.toArray(String[]::new));
    assertThat(run.err).isEmpty();
    assertThat(run.status).isZero();
    Wire mine = Wire.parse(run.outBytes);

    assertThat(mine.method).as("method").isEqualTo(theirs.method);
    assertThat(mine.path()).as("path").isEqualTo(theirs.path());
    assertThat(mine.query()).as("query").isEqualTo(theirs.query());
    assertThat(mine.mattering()).as("headers").isEqualTo(theirs.mattering());
    String type = theirs.headers.getOrDefault("content-type", "");
    if (!commandLine.startsWith("--raw") && isJson(theirs.body)) {
      assertThat(CliJson.MAPPER.readTree(mine.body)).as("JSON body").isEqualTo(CliJson.MAPPER.readTree(theirs.body));
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
      assertThat(FormData.parse(mine.text())).as("form body").isEqualTo(FormData.parse(theirs.text()));
    } else if (type.startsWith("multipart/form-data")) {
      assertThat(parts(mine)).as("multipart body").isEqualTo(parts(theirs));
    } else {
      assertThat(mine.body).as("body").isEqualTo(theirs.body);
    }
  }

  /** HTTPie starts slowly (about 2 s): its answers are fetched up front, a few at a time. */
  private static final Map<String, java.util.concurrent.Future<byte[]>> HTTPIE = new java.util.concurrent.ConcurrentHashMap<>();
  private static java.util.concurrent.ExecutorService pool;

  @BeforeAll
  static void askHttpie() throws IOException {
    files(dir);
    if (!httpieInstalled()) return;
    pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    commandLines().forEach(line -> HTTPIE.put(line, pool.submit(() -> httpie(args(line)))));
  }

  @org.junit.jupiter.api.AfterAll
  static void stop() {
    if (pool != null) pool.shutdownNow();
  }

  /** The arguments of a table row: split on spaces, {@code ~} stands for a space inside one. */
  private static List<String> args(String commandLine) {
    return Stream.of(commandLine.split(" ")).map(a -> a.replace('~', ' ')).toList();
  }

  private static boolean isJson(byte[] body) {
    try {
      return body.length > 0 && CliJson.MAPPER.readTree(body) != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean httpieInstalled() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "http"))) return true;
    }
    return false;
  }

  private static byte[] httpie(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("http", "--ignore-stdin", "--offline", "--print=HB", "--pretty=none"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("HTTPIE_CONFIG_DIR", dir.resolve(".httpie").toString());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("http %s said: %s", args, new String(out, StandardCharsets.UTF_8)).isZero();
    return out;
  }

  /** A multipart body as its parts: Content-Disposition, Content-Type and content, in order. */
  private static List<String> parts(Wire wire) {
    String type = wire.headers.get("content-type");
    String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
    String body = new String(wire.body, StandardCharsets.ISO_8859_1);
    List<String> parts = new ArrayList<>();
    for (String part : body.split(Pattern.quote("--" + boundary))) {
      if (part.isEmpty() || part.startsWith("--")) continue;
      int split = part.indexOf("\r\n\r\n");
      String head = part.substring(0, split).strip().toLowerCase(Locale.ROOT);
      String content = part.substring(split + 4);
      parts.add(head.replace("\r\n", " | ") + " => " + content.substring(0, content.length() - 2));
    }
    return parts;
  }

  /** A request as {@code --print=HB} shows it. */
  private record Wire(String method, String target, Map<String, String> headers, byte[] body) {
    private static final Pattern LINE = Pattern.compile("([A-Z]+) (\\S+) HTTP/1\\.1");

    static Wire parse(byte[] printed) {
      String text = new String(printed, StandardCharsets.ISO_8859_1);
      int lf = text.indexOf("\n\n");
      int crlf = text.indexOf("\r\n\r\n");
      boolean crlfFirst = crlf >= 0 && (lf < 0 || crlf < lf);
      int end = crlfFirst ? crlf : lf;
      String head = end < 0 ? text : text.substring(0, end);
      String[] lines = head.split("\r?\n");
      Matcher m = LINE.matcher(lines[0]);
      assertThat(m.matches()).as("request line of:\n%s", text).isTrue();
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        String name = lines[i].substring(0, colon).toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).strip();
        headers.merge(name, value, (a, b) -> a + ", " + b);
      }
      byte[] body = new byte[0];
      if (end >= 0) {
        String rest = text.substring(end + (crlfFirst ? 4 : 2));
        while (rest.endsWith("\n") && !headers.getOrDefault("content-type", "").startsWith("multipart/")) {
          rest = rest.substring(0, rest.length() - 1);
        }
        if (headers.getOrDefault("content-type", "").startsWith("multipart/")) rest = rest.replaceAll("\n+$", "");
        body = rest.getBytes(StandardCharsets.ISO_8859_1);
      }
      return new Wire(m.group(1), m.group(2), headers, body);
    }

    String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    FormData query() {
      int q = target.indexOf('?');
      return q < 0 ? FormData.empty() : FormData.parse(target.substring(q + 1));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The headers both should agree on; media types without parameters. */
    Map<String, String> mattering() {
      Map<String, String> kept = new LinkedHashMap<>();
      headers.forEach((name, value) -> {
        if (IGNORED.contains(name)) return;
        if (name.equals("content-type")) {
          value = value.startsWith("multipart/") || value.startsWith("application/x-www-form-urlencoded")
              ? value.replaceAll(";.*", "") : value;
        }
        kept.put(name, value);
      });
      return kept;
    }
  }
}
