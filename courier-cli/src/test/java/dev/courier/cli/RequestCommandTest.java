package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier [METHOD] URL [ITEM ...]} end to end against the built-in httpbin. */
class RequestCommandTest {
  @RegisterExtension static final HttpBinServer BIN = new HttpBinServer();
  @TempDir Path dir;

  private static JsonNode json(Run run) throws Exception {
    assertThat(run.err).isEmpty();
    assertThat(run.status).isZero();
    return CliJson.MAPPER.readTree(run.out);
  }

  @Test
  void getWithQueryAndHeaderItemsPipedPrintsTheBodyOnly() throws Exception {
    Run run = Run.piped().run(BIN.url("/get"), "q==courier", "q==two", "X-Id:7", "X-Empty:", "X-Semi;");
    JsonNode body = json(run);
    assertThat(body.at("/args/q").toString()).isEqualTo("[\"courier\",\"two\"]");
    assertThat(body.at("/headers/X-Id").asText()).isEqualTo("7");
    assertThat(body.at("/headers/X-Empty").asText()).isEmpty();
    assertThat(body.at("/headers/X-Semi").isMissingNode()).isFalse();
    assertThat(run.out).doesNotContain("HTTP/1.1").doesNotContain("\033[");
  }

  @Test
  void localhostShorthandAndMethodFromTheArgumentsOrTheVerb() throws Exception {
    assertThat(json(Run.piped().run(BIN.local("/get"))).at("/url").asText()).startsWith("http://localhost:");
    assertThat(json(Run.piped().run("PUT", BIN.local("/put"))).at("/url").asText()).endsWith("/put");
    assertThat(json(Run.piped().run("delete", BIN.local("/delete"))).at("/url").asText()).endsWith("/delete");
    assertThat(json(Run.piped().run("patch", BIN.local("/patch"), "a=1")).at("/json/a").asText()).isEqualTo("1");
    // A lower-case word that is no method is the URL, not a method called "localhost".
    Run run = Run.piped().run("--offline", "localhost", "a=1");
    assertThat(run.out).startsWith("POST / HTTP/1.1");
  }

  @Test
  void dataItemsMakeAJsonPostWithNestedKeysAndRawJson() throws Exception {
    Files.writeString(dir.resolve("bio.txt"), "line one\n");
    Files.writeString(dir.resolve("meta.json"), "{\"v\": 2}");
    Run run = Run.piped().cwd(dir).run(BIN.url("/post"), "name=ada", "age:=36", "ok:=true", "tags:=[\"a\"]",
        "user[langs][]=java", "user[langs][]=go", "bio=@bio.txt", "meta:=@meta.json", "pi:=3.10");
    JsonNode body = json(run);
    assertThat(body.at("/json").toString()).isEqualTo(
        "{\"name\":\"ada\",\"age\":36,\"ok\":true,\"tags\":[\"a\"],\"user\":{\"langs\":[\"java\",\"go\"]},"
            + "\"bio\":\"line one\\n\",\"meta\":{\"v\":2},\"pi\":3.1}");
    assertThat(body.at("/headers/Content-Type").asText()).isEqualTo("application/json");
    assertThat(body.at("/headers/Accept").asText()).isEqualTo("application/json, */*;q=0.5");
    // Numbers go out as written (httpbin above reads them back as doubles).
    assertThat(Run.piped().run("--offline", "-p", "B", BIN.url("/post"), "pi:=3.10", "big:=12345678901234567890").out)
        .isEqualTo("{\"pi\":3.10,\"big\":12345678901234567890}\n");
  }

  @Test
  void formAndMultipart() throws Exception {
    JsonNode form = json(Run.piped().run("-f", BIN.url("/post"), "name=ada lovelace", "x=1"));
    assertThat(form.at("/form/name").asText()).isEqualTo("ada lovelace");
    assertThat(form.at("/headers/Content-Type").asText()).startsWith("application/x-www-form-urlencoded");

    Files.writeString(dir.resolve("notes.txt"), "hello file");
    JsonNode upload = json(Run.piped().cwd(dir).run(BIN.url("/post"), "title=Q3", "doc@notes.txt"));
    assertThat(upload.at("/files/doc").asText()).isEqualTo("hello file");
    assertThat(upload.at("/form/title").asText()).isEqualTo("Q3");
    assertThat(upload.at("/headers/Content-Type").asText()).startsWith("multipart/form-data; boundary=");

    JsonNode forced = json(Run.piped().run("--multipart", BIN.url("/post"), "a=1"));
    assertThat(forced.at("/form/a").asText()).isEqualTo("1");
  }

  @Test
  void aRawBodyFromAFileStdinOrRaw() throws Exception {
    Files.writeString(dir.resolve("body.xml"), "<a>1</a>");
    JsonNode file = json(Run.piped().cwd(dir).run(BIN.url("/post"), "@body.xml"));
    assertThat(file.at("/data").asText()).isEqualTo("<a>1</a>");
    assertThat(file.at("/headers/Content-Type").asText()).contains("xml");

    Run stdin = Run.piped().stdin("{\"from\":\"stdin\"}").run(BIN.url("/anything"));
    JsonNode body = json(stdin);
    assertThat(body.at("/method").asText()).isEqualTo("POST"); // a body on stdin makes it a POST
    assertThat(body.at("/json/from").asText()).isEqualTo("stdin");

    assertThat(json(Run.piped().run("--raw", "plain", BIN.url("/post"))).at("/data").asText()).isEqualTo("plain");
    // Empty stdin (as from /dev/null) is no body: still a GET.
    assertThat(json(Run.piped().stdin("").run(BIN.url("/anything"))).at("/method").asText()).isEqualTo("GET");
    assertThat(json(Run.piped().stdin("ignored").run("-I", BIN.url("/anything"))).at("/method").asText()).isEqualTo("GET");
  }

  @Test
  void malformedItemsAreRefusedWithOneLineNamingThem() {
    Run bad = Run.piped().run(BIN.url("/post"), "a=1", "justaword");
    assertThat(bad.status).isEqualTo(1);
    assertThat(bad.out).isEmpty();
    assertThat(bad.err).startsWith("courier: error: 'justaword' is not a request item").hasLineCount(1);

    Run json = Run.piped().run(BIN.url("/post"), "a:=[1,");
    assertThat(json.status).isEqualTo(1);
    assertThat(json.err).startsWith("courier: error: 'a:=[1,': invalid JSON at column").hasLineCount(1);

    Run missing = Run.piped().cwd(dir).run(BIN.url("/post"), "cv@nope.pdf");
    assertThat(missing.err).contains("'cv@nope.pdf': no such file");

    Run header = Run.piped().run(BIN.url("/get"), "Bad Name:x");
    assertThat(header.status).isEqualTo(1);
    assertThat(header.err).startsWith("courier: error: 'Bad Name:x':");

    Run mixed = Run.piped().stdin("body").run(BIN.url("/post"), "a=1");
    assertThat(mixed.err).contains("cannot be mixed");

    Run unknown = Run.piped().run("--no-such-option", BIN.url("/get"));
    assertThat(unknown.status).isEqualTo(1);
    assertThat(unknown.err).startsWith("courier: error: Unknown option: '--no-such-option'");
  }

  @Test
  void onATerminalHeadersAndBodyColouredAndJsonIndentedInOrder() {
    Run run = Run.onTerminal().run(BIN.url("/post"), "zebra=1", "apple=2");
    assertThat(run.status).isZero();
    assertThat(run.out).startsWith("\033[34mHTTP/1.1\033[0m \033[32m200\033[0m \033[32mOK\033[0m\n");
    assertThat(run.out).contains("\033[36mContent-Type\033[0m: application/json\n");
    assertThat(run.out).contains("\n    \033[34m\"json\"\033[0m: {\n        \033[34m\"zebra\"\033[0m: \033[33m\"1\"\033[0m,\n"
        + "        \033[34m\"apple\"\033[0m: \033[33m\"2\"\033[0m\n    },");
  }

  @Test
  void noColorKeepsTheFormattingAndPrettyOverridesIt() {
    Run run = Run.onTerminal().env("NO_COLOR", "1").run(BIN.url("/get"));
    assertThat(run.out).startsWith("HTTP/1.1 200 OK\n").doesNotContain("\033[").contains("\n    \"args\": {},\n");
    assertThat(Run.onTerminal().env("NO_COLOR", "1").run("--pretty", "colors", BIN.url("/get")).out).contains("\033[");
    Run none = Run.onTerminal().run("--pretty", "none", BIN.url("/get"));
    assertThat(none.out).doesNotContain("\033[").contains("\n  \"args\" : { },\n"); // as httpbin sent it
    Run formatPiped = Run.piped().run("--pretty", "format", BIN.url("/get"));
    assertThat(formatPiped.out).startsWith("{\n    \"args\": {},");
  }

  @Test
  void printOptionsChooseTheParts() {
    Run verbose = Run.piped().run("-v", BIN.url("/post"), "a=1");
    assertThat(verbose.out).startsWith("POST /post HTTP/1.1\n").contains("\nContent-Type: application/json\n")
        .contains("\n\n{\"a\":\"1\"}\n\nHTTP/1.1 200 OK\n");
    Run headers = Run.piped().run("-h", BIN.url("/get"));
    assertThat(headers.out).startsWith("HTTP/1.1 200 OK\n").doesNotContain("\"args\"");
    Run body = Run.onTerminal().run("-b", "--pretty", "none", BIN.url("/get"));
    assertThat(body.out).startsWith("{\n  \"args\" : { },");
    Run requestOnly = Run.piped().run("-p", "H", BIN.url("/get"), "X-A:1");
    assertThat(requestOnly.out).startsWith("GET /get HTTP/1.1\n").contains("X-A: 1\n").doesNotContain("200 OK");
    Run meta = Run.piped().run("-p", "m", BIN.url("/get"));
    assertThat(meta.out).matches("Elapsed time: \\d+\\.\\d{6}s\n");
    assertThat(Run.piped().run("-q", BIN.url("/get")).out).isEmpty();
    Run badPrint = Run.piped().run("-p", "Hx", BIN.url("/get"));
    assertThat(badPrint.status).isEqualTo(1);
    assertThat(badPrint.err).contains("unknown letter 'x'");
  }

  @Test
  void binaryBodiesAreNotDumpedOnATerminalButArePiped() {
    Run terminal = Run.onTerminal().run("-b", BIN.url("/bytes/64"));
    assertThat(terminal.out).contains("NOTE: binary data not shown in terminal").hasLineCount(1);
    Run piped = Run.piped().run(BIN.url("/bytes/64"));
    assertThat(piped.outBytes).hasSize(64);
  }

  @Test
  void offlinePrintsTheRequestAndSendsNothing() {
    Run run = Run.piped().run("--offline", ":1/post", "a=1", "X-A:b", "q==1");
    assertThat(run.status).isZero();
    assertThat(run.err).isEmpty();
    assertThat(run.out).startsWith("POST /post?q=1 HTTP/1.1\n").contains("\nHost: localhost:1\n").contains("\nX-A: b\n")
        .endsWith("\n\n{\"a\":\"1\"}\n");
  }

  @Test
  void exitStatusFollowsCheckStatus() {
    assertThat(Run.piped().run(BIN.url("/status/404")).status).isZero();
    Run notFound = Run.piped().run("--check-status", BIN.url("/status/404"));
    assertThat(notFound.status).isEqualTo(4);
    assertThat(notFound.err).isEqualTo("courier: warning: HTTP 404 Not Found\n");
    assertThat(Run.piped().run("--check-status", BIN.url("/status/503")).status).isEqualTo(5);
    assertThat(Run.piped().run("--check-status", BIN.url("/redirect/1")).status).isEqualTo(3);
    assertThat(Run.piped().run("--check-status", "--follow", BIN.url("/redirect/2")).status).isZero();
    assertThat(Run.onTerminal().run("--check-status", BIN.url("/status/418")).err).isEmpty();
  }

  @Test
  void errorsAreOneLineWithStatusTwoForATimeout() {
    Run timeout = Run.piped().run("--timeout", "0.2", BIN.url("/delay/3"));
    assertThat(timeout.status).isEqualTo(2);
    assertThat(timeout.err).startsWith("courier: error: ReadTimeoutException:").hasLineCount(1);

    Run refused = Run.piped().run("http://127.0.0.1:1/");
    assertThat(refused.status).isEqualTo(1);
    assertThat(refused.err).startsWith("courier: error: ConnectFailedException:").contains("127.0.0.1:1").hasLineCount(1);

    Run debug = Run.piped().run("--debug", "http://127.0.0.1:1/");
    assertThat(debug.err).contains("\tat ");

    Run badUrl = Run.piped().run("ftp://example.org/");
    assertThat(badUrl.status).isEqualTo(1);
    assertThat(badUrl.err).startsWith("courier: error: InvalidUrlException:").hasLineCount(1);
  }

  @Test
  void helpShowsItemsAndEachVerbHasItsOwn() {
    Run help = Run.piped().run("--help");
    assertThat(help.status).isZero();
    assertThat(help.out).contains("[METHOD] URL").contains("name:=json").contains("--check-status")
        .contains("serve").contains("Examples:");
    Run post = Run.piped().run("post", "--help");
    assertThat(post.out).contains("Send a POST request").contains("courier post :8000/post");
    assertThat(Run.piped().run().out).contains("Usage: courier");
  }

  @Test
  void authBasicDigestBearerAndAPasswordThatCannotBeAskedFor() throws Exception {
    assertThat(json(Run.piped().run("-a", "ada:s3:cret", BIN.url("/basic-auth/ada/s3:cret"))).at("/authenticated").asBoolean())
        .isTrue();
    assertThat(json(Run.piped().run("-A", "digest", "-a", "ada:pw", BIN.url("/digest-auth/auth/ada/pw"))).at("/user").asText())
        .isEqualTo("ada");
    assertThat(json(Run.piped().run("-A", "bearer", "-a", "tok", BIN.url("/bearer"))).at("/token").asText()).isEqualTo("tok");
    Run wrong = Run.piped().run("--check-status", "-a", "ada:no", BIN.url("/basic-auth/ada/pw"));
    assertThat(wrong.status).isEqualTo(4);
    Run noTerminal = Run.piped().stdin("").run("-a", "ada", BIN.url("/basic-auth/ada/pw"));
    assertThat(noTerminal.status).isEqualTo(1);
    assertThat(noTerminal.err).contains("no password given and no terminal");
    assertThat(Run.piped().run("-A", "ntlm", "-a", "a:b", BIN.url("/get")).err).contains("expected basic, digest or bearer");
  }

  @Test
  void optionsBeforeAVerbReachIt() {
    Run run = Run.piped().run("--offline", "-p", "H", "put", BIN.url("/put"), "a=1");
    assertThat(run.out).startsWith("PUT /put HTTP/1.1\n");
  }

  @Test
  void proxyVerifyAndCertificateOptions() throws Exception {
    // httpbin answers an absolute-form request as a proxy would forward it.
    Run proxied = Run.piped().run("--proxy", BIN.url(""), "http://example.invalid/get");
    assertThat(proxied.status).as(proxied.err).isZero();
    assertThat(CliJson.MAPPER.readTree(proxied.out).at("/headers/Host").asText()).isEqualTo("example.invalid");
    assertThat(Run.piped().run("--proxy", "http:" + BIN.url(""), "http://example.invalid/get").status).isZero();
    assertThat(Run.piped().run("--verify", "maybe", BIN.url("/get")).err)
        .contains("--verify maybe: expected yes, no or a CA bundle file");
    assertThat(Run.piped().run("--cert-key", "k.pem", BIN.url("/get")).err).contains("--cert-key needs --cert");
    assertThat(Run.piped().run("--verify", "no", BIN.url("/get")).status).isZero();
  }
}
