package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.cookies.Cookie;
import dev.courier.http.Url;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --session} and {@code --session-read-only} end to end against the built-in httpbin. */
class SessionTest {
  @RegisterExtension static final HttpBinServer BIN = new HttpBinServer();
  @TempDir Path dir;

  private Run run(String... args) {
    return Run.piped().cwd(dir).env("XDG_CONFIG_HOME", dir.resolve("config").toString()).run(args);
  }

  private static JsonNode json(Run run) throws Exception {
    assertThat(run.err).isEmpty();
    assertThat(run.status).isZero();
    return CliJson.MAPPER.readTree(run.out);
  }

  @Test
  void aNamedSessionKeepsCookiesForTheNextCallInTheConfigDirectory() throws Exception {
    assertThat(run("--session", "s1", BIN.url("/cookies/set?a=1")).status).isZero();
    assertThat(json(run("--session", "s1", BIN.url("/cookies"))).at("/cookies/a").asText()).isEqualTo("1");
    // Stored per host (port with '_'), owner-only.
    Path file = dir.resolve("config/courier/sessions/127.0.0.1_" + Url.parse(BIN.url("/")).port() + "/s1.json");
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    // Without the session the cookie is not sent.
    assertThat(json(run(BIN.url("/cookies"))).at("/cookies").size()).isZero();
  }

  @Test
  void headersAndAuthFromTheCommandLinePersistButNotContentType() throws Exception {
    assertThat(run("--session", "./s.json", "-a", "ada:pw", BIN.url("/get"), "X-Team:blue", "Content-Type:text/x").status)
        .isZero();
    JsonNode saved = CliJson.MAPPER.readTree(dir.resolve("s.json").toFile());
    assertThat(saved.at("/headers").toString()).isEqualTo("{\"X-Team\":\"blue\"}");
    assertThat(json(run("--session", "./s.json", BIN.url("/basic-auth/ada/pw"))).at("/authenticated").asBoolean()).isTrue();
    JsonNode headers = json(run("--session", "./s.json", BIN.url("/headers"))).at("/headers");
    assertThat(headers.at("/X-Team").asText()).isEqualTo("blue");
    // A header typed again wins over the stored one, and is stored in its place.
    assertThat(json(run("--session", "./s.json", BIN.url("/headers"), "X-Team:red")).at("/headers/X-Team").asText())
        .isEqualTo("red");
    assertThat(json(run("--session", "./s.json", BIN.url("/headers"))).at("/headers/X-Team").asText()).isEqualTo("red");
  }

  @Test
  void readOnlySessionsAreSentButNeverWritten() throws Exception {
    assertThat(run("--session", "./s.json", BIN.url("/cookies/set?a=1"), "X-Team:blue").status).isZero();
    byte[] before = Files.readAllBytes(dir.resolve("s.json"));
    assertThat(run("--session-read-only", "./s.json", BIN.url("/cookies/set?b=2"), "X-Other:1").status).isZero();
    assertThat(Files.readAllBytes(dir.resolve("s.json"))).isEqualTo(before);
    JsonNode cookies = json(run("--session-read-only", "./s.json", BIN.url("/cookies"))).at("/cookies");
    assertThat(cookies.toString()).isEqualTo("{\"a\":\"1\"}");
    assertThat(json(run("--session-read-only", "./s.json", BIN.url("/headers"))).at("/headers/X-Team").asText())
        .isEqualTo("blue");
  }

  @Test
  void cookiesRoundTripWithTheirAttributes() throws Exception {
    Url url = Url.parse("https://example.com/x/y");
    SessionFile file = SessionFile.open("./c.json", url, new Io(null, true, System.out, false, System.err, false, Map.of(), dir));
    file.cookies.setCookie(url, "k=v; Path=/x; Domain=example.com; Max-Age=3600; Secure; HttpOnly");
    file.cookies.setCookie(url, "s=1");
    file.save();
    SessionFile again = SessionFile.open("./c.json", url, new Io(null, true, System.out, false, System.err, false, Map.of(), dir));
    assertThat(again.cookies.cookies()).hasSize(2);
    Cookie k = again.cookies.cookies().stream().filter(c -> c.name().equals("k")).findFirst().orElseThrow();
    Cookie original = file.cookies.cookies().stream().filter(c -> c.name().equals("k")).findFirst().orElseThrow();
    assertThat(k.domain()).isEqualTo("example.com");
    assertThat(k.hostOnly()).isFalse();
    assertThat(k.path()).isEqualTo("/x");
    assertThat(k.expires()).isEqualTo(original.expires()).isPresent();
    assertThat(k.secure()).isTrue();
    assertThat(k.httpOnly()).isTrue();
  }

  @Test
  void aCorruptSessionFileIsOneClearErrorLine() throws Exception {
    Files.writeString(dir.resolve("bad.json"), "{\"headers\": [");
    Run run = run("--session", "./bad.json", BIN.url("/get"));
    assertThat(run.status).isEqualTo(1);
    assertThat(run.out).isEmpty();
    assertThat(run.err).startsWith("courier: error: --session ").contains("bad.json").contains("not a valid session file");
    assertThat(run.err.lines().count()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("bad.json"))).isEqualTo("{\"headers\": [");
  }
}
