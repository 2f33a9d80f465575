package dev.courier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.Body;
import dev.courier.HttpStatusException;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code courier demo}: the library and the command tried without a network. Starts the
 * built-in httpbin on a free loopback port and walks through the common calls with the real
 * client, each step printing the Java line it runs, what came back, and the command that does
 * the same; then stops and exits 0. With {@code --serve} the server stays up afterwards, with
 * commands to try listed, until Ctrl-C.
 *
 * <pre>{@code
 * ./courier demo            # the tour, then exit
 * ./courier demo --serve    # the tour, then keep the server for your own tries
 * }</pre>
 */
@Command(
    name = "demo",
    sortOptions = false,
    description = {
      "A tour without a network: starts the built-in httpbin on 127.0.0.1 (a free port) and runs",
      "GET, POST, PUT, a 404 and raiseForStatus(), a redirect, cookies, basic auth and a download",
      "through the real client, printing each Java line, its result and the matching command.",
      ""
    })
final class DemoCommand implements Callable<Integer> {
  private final Io io;

  @Option(names = "--serve", description = "Keep the server running after the tour, with commands to try, until Ctrl-C.")
  boolean serve;

  @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
  boolean help;

  private PrintStream out;
  private Ansi ansi;
  private int step;

  DemoCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    out = io.out();
    ansi = Ansi.of(io.stdoutTerminal() && io.env("NO_COLOR").isEmpty());
    HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
    try {
      String base = "http://127.0.0.1:" + server.port();
      out.println(ansi.paint(Ansi.BOLD, "Courier demo") + ": httpbin is listening on " + base + " (this machine only)");
      out.println("Every call below goes through a real Session over a real socket. In Java:");
      out.println("  " + ansi.paint(Ansi.MAGENTA, "String base = \"" + base + "\"; Session session = Session.create();"));
      tour(base, server.port());
      if (serve) return keepServing(server);
      out.println();
      out.println("Done. Try it yourself: " + ansi.paint(Ansi.GREEN, "courier demo --serve")
          + " keeps the server up; " + ansi.paint(Ansi.GREEN, "courier --help") + " lists the options.");
      return 0;
    } finally {
      server.stop(Duration.ofSeconds(1));
    }
  }

  private void tour(String base, int port) throws IOException {
    try (Session session = Session.builder().userAgent("courier-demo/" + Version.current()).build()) {
      title("GET with query parameters");
      JsonNode args = session.get(base + "/get", Map.of("q", "courier")).json().get("args");
      show("session.get(base + \"/get\", Map.of(\"q\", \"courier\")).json().get(\"args\")", args,
          "courier :" + port + "/get q==courier");

      title("POST a JSON body");
      JsonNode json = session.post(base + "/post", Body.json(Map.of("name", "ada"))).json().get("json");
      show("session.post(base + \"/post\", Body.json(Map.of(\"name\", \"ada\"))).json().get(\"json\")",
          json, "courier post :" + port + "/post name=ada");

      title("PUT some text");
      JsonNode data = session.put(base + "/put", Body.text("hello")).json().get("data");
      show("session.put(base + \"/put\", Body.text(\"hello\")).json().get(\"data\")", data,
          "courier put :" + port + "/put --raw hello");

      title("A 404 is a response; raiseForStatus() makes it an exception");
      Response missing = session.get(base + "/status/404");
      show("session.get(base + \"/status/404\").statusCode()", missing.statusCode(),
          "courier --check-status :" + port + "/status/404   (exit status 4)");
      String raised;
      try {
        missing.raiseForStatus();
        raised = "(nothing raised)";
      } catch (HttpStatusException e) {
        raised = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      show("missing.raiseForStatus()", raised, null);

      title("Redirects are followed, and kept in history()");
      Response redirected = session.get(base + "/redirect/2");
      show("session.get(base + \"/redirect/2\").url()  /  .history().size()",
          redirected.url() + "  /  " + redirected.history().size(),
          "courier --follow --all :" + port + "/redirect/2");

      title("Cookies the server sets are sent back");
      session.get(base + "/cookies/set?flavour=oat");
      JsonNode cookies = session.get(base + "/cookies").json().get("cookies");
      show("session.get(base + \"/cookies/set?flavour=oat\"); session.get(base + \"/cookies\").json().get(\"cookies\")",
          cookies, "courier --session demo ':" + port + "/cookies/set?flavour=oat'");

      title("Basic auth");
      JsonNode auth = session.send(Request.get(base + "/basic-auth/ada/s3cret").basicAuth("ada", "s3cret").build()).json();
      show("session.send(Request.get(base + \"/basic-auth/ada/s3cret\").basicAuth(\"ada\", \"s3cret\").build()).json()",
          auth, "courier -a ada:s3cret :" + port + "/basic-auth/ada/s3cret");

      title("A download, streamed to a file, with a progress bar");
      download(base, port);
    }
  }

  /** The CLI's own download into a scratch directory (removed afterwards): the progress bar is the real one. */
  private void download(String base, int port) throws IOException {
    Path scratch = Files.createTempDirectory("courier-demo");
    try (Session session = Session.create();
        Response response = session.send(Request.get(base + "/drip?numbytes=200000&duration=2").stream(true).build())) {
      Io here = new Io(io.in(), io.stdinTerminal(), io.out(), io.stdoutTerminal(), io.err(), io.stderrTerminal(),
          io.env(), scratch);
      Path saved = new Download(here, null).save(response);
      show("session.send(Request.get(base + \"/drip?numbytes=200000&duration=2\").stream(true).build()).stream()",
          Files.size(saved) + " bytes saved to a file", "courier -d ':" + port + "/drip?numbytes=200000&duration=2'");
    } finally {
      try (Stream<Path> files = Files.walk(scratch)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  private int keepServing(HttpServer server) throws InterruptedException {
    int port = server.port();
    out.println();
    out.println(ansi.paint(Ansi.BOLD, "httpbin stays up on http://127.0.0.1:" + port) + " - try, in another terminal:");
    for (String line : new String[] {
        "courier :" + port + "/get q==hello",
        "courier -v post :" + port + "/post name=ada tags:='[\"x\",\"y\"]'",
        "courier --timing :" + port + "/delay/1",
        "courier --follow --all :" + port + "/redirect/3",
        "courier -d ':" + port + "/drip?numbytes=2000000&duration=3'",
        "courier -a ada :" + port + "/basic-auth/ada/s3cret      (asks for the password: s3cret)",
        "courier :" + port + "/bytes/1024 > random.bin      (piped: the bytes as they came)",
    }) {
      out.println("  " + ansi.paint(Ansi.GREEN, line));
    }
    out.println("Ctrl-C stops it.");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(Duration.ofSeconds(2));
      stopped.countDown();
    }, "courier-demo-shutdown"));
    stopped.await();
    return 0;
  }

  private void title(String text) {
    out.println();
    out.println(ansi.paint(Ansi.BOLD, (++step) + ". " + text));
  }

  private void show(String javaLine, Object result, String command) {
    out.println("   " + ansi.paint(Ansi.MAGENTA, javaLine));
    out.println("   → " + ansi.paint(Ansi.CYAN, String.valueOf(result)));
    if (command != null) out.println("   $ " + ansi.paint(Ansi.GREEN, command));
    out.flush();
  }
}
