package dev.courier.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code courier} command: send HTTP requests (HTTPie's syntax), serve files.
 *
 * <pre>{@code
 * ./courier httpbin.org/get q==courier
 * ./courier post :8000/post name=ada age:=36
 * ./courier serve --httpbin
 * }</pre>
 */
@Command(
    name = "courier",
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Send HTTP requests, as HTTPie does, and serve files.",
      "",
      "With no METHOD: GET, or POST when there are data items or a body on stdin.",
      "A URL without a scheme gets http:// (https:// with --https);",
      ":8000/path and :/path mean http://localhost:8000/path and http://localhost/path.",
      "",
      "Request items:",
      "  Header:Value    a header (Header: or Header; sends it empty)",
      "  name==value     a query parameter (name==@file: from a file)",
      "  name=value      a JSON string field (a form field with --form)",
      "  name:=json      a raw JSON value: age:=36 ok:=true tags:='[\"a\"]'",
      "  name=@file      a field from the file's text (name:=@f.json: its JSON)",
      "  name@path       a file upload, multipart, streamed (name@path;type=MIME)",
      "  @path           the file is the request body (as is stdin when piped)",
      "  user[name]=ada  nested JSON {\"user\":{\"name\":\"ada\"}}; tags[]=a appends",
      "  \\= \\: \\@ \\;     a backslash escapes a separator",
      "",
      "Output: on a terminal headers and body, coloured, JSON indented;",
      "piped, the body as it came. Exit status: 0 for any response",
      "(--check-status: 3, 4, 5 for 3xx, 4xx, 5xx), 2 timeout, 1 other errors.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  courier :8000/get q==courier        GET http://localhost:8000/get?q=courier",
      "  courier post :8000/post name=ada age:=36",
      "  courier -f :8000/post name=ada cv@cv.pdf",
      "  courier -v PUT :8000/put X-Id:7 < body.json",
      "  courier --offline :8000/post a=1    print the request, send nothing",
      "  courier serve --httpbin             a local httpbin to try it on",
      "  courier demo                        a tour against a local httpbin, no network needed",
    },
    subcommands = {CommandLine.HelpCommand.class, ServeCommand.class})
public final class Main implements Callable<Integer> {
  private final Io io;

  @Mixin RequestOptions options;

  @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
  boolean version;

  @Parameters(paramLabel = "[METHOD] URL [ITEM]", arity = "0..*",
      description = "The method (optional), the URL and the request items (see above).")
  List<String> args = new ArrayList<>();

  Main(Io io) {
    this.io = io;
  }

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns its exit status (for tests). */
  public static int run(String... args) {
    return run(Io.system(), args);
  }

  /**
   * Read by picocli only when set to {@code true}, the common command lines too: the tests run
   * once each way ({@link PlainRequest} must read a line as picocli does).
   */
  static final boolean PICOCLI_ONLY = Boolean.getBoolean("courier.cli.picocliOnly");

  /** Runs the command on {@code io} and returns its exit status. */
  static int run(Io io, String... args) {
    // A plain request skips picocli's model of the command (about 40% of the start-up).
    PlainRequest plain = PICOCLI_ONLY ? null : PlainRequest.recognise(args);
    if (plain != null) {
      try {
        return new Sender(plain.options(), io).run(plain.method(), plain.args());
      } catch (Exception e) {
        return failed(io, e);
      }
    }
    return runWithPicocli(io, args);
  }

  /** Runs the command as picocli reads it, whatever the arguments are. */
  static int runWithPicocli(Io io, String... args) {
    String[] ordered = ordered(io, args);
    return commandLineFor(io, ordered).execute(ordered);
  }

  /** The arguments as picocli gets them: a verb typed after options moved to the front. */
  static String[] ordered(Io io, String[] args) {
    // Only options before the verb need the model to be moved past (verbFirst reads their arity).
    return args.length > 0 && args[0].startsWith("-") ? verbFirst(commandLine(io, List.of()), args) : args;
  }

  /** The command line that runs these (ordered) arguments. */
  static CommandLine commandLineFor(Io io, String[] ordered) {
    // Each verb is a whole command model (picocli reads its ~45 options by reflection): a request
    // builds at most the one it names, which is a good part of the start-up; help and completion
    // list them all.
    String first = ordered.length == 0 ? "" : ordered[0];
    List<String> verbs = VerbCommand.VERBS.contains(first) ? List.of(first)
        : needsEveryCommand(ordered) ? VerbCommand.VERBS : List.of();
    return commandLine(io, verbs);
  }

  /** Whether the arguments ask for help, completion or nothing at all: what lists every verb. */
  private static boolean needsEveryCommand(String[] args) {
    if (args.length == 0) return true;
    for (String arg : args) {
      if (arg.equals("--")) return false;
      if (arg.equals("--help") || arg.equals("help") || arg.equals("completion") || arg.equals("generate-completion")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Moves a verb typed after options ({@code courier -v get URL}) to the front, so the options
   * reach the verb: picocli would otherwise give them to the top command and run the verb
   * without them.
   */
  static String[] verbFirst(CommandLine cmd, String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) return args;
      if (arg.startsWith("-") && arg.length() > 1) {
        var option = cmd.getCommandSpec().findOption(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg);
        if (option != null && !arg.contains("=") && option.arity().max() > 0) i++; // skip its value
        continue;
      }
      if (i == 0 || !VerbCommand.VERBS.contains(arg)) return args;
      List<String> moved = new ArrayList<>();
      moved.add(arg);
      for (int j = 0; j < args.length; j++) {
        if (j != i) moved.add(args[j]);
      }
      return moved.toArray(String[]::new);
    }
    return args;
  }

  /** The command line with all its verbs, writing to {@code io}. */
  static CommandLine commandLine(Io io) {
    return commandLine(io, VerbCommand.VERBS);
  }

  /** The command line with these verbs only, writing to {@code io}. */
  private static CommandLine commandLine(Io io, List<String> verbs) {
    CommandLine cmd = new CommandLine(new Main(io));
    for (String verb : verbs) cmd.addSubcommand(verb, VerbCommand.commandLine(verb, io));
    cmd.addSubcommand("demo", new CommandLine(new DemoCommand(io)));
    cmd.addSubcommand("completion", new CommandLine(new CompletionCommand(io)));
    cmd.setExpandAtFiles(false); // @file is a request body, not picocli's argument file
    cmd.setOut(new PrintWriter(io.out(), true));
    cmd.setErr(new PrintWriter(io.err(), true));
    cmd.setParameterExceptionHandler((e, arguments) -> {
      io.err().println("courier: error: " + e.getMessage().replace('\n', ' '));
      io.err().println("(courier --help shows the usage)");
      return Sender.ERROR;
    });
    cmd.setExecutionExceptionHandler((e, command, parsed) -> failed(io, e));
    return cmd;
  }

  /** What a command that threw prints (a bug: Sender turns the expected failures into a line). */
  private static int failed(Io io, Exception e) {
    io.err().println("courier: error: " + e);
    if (e.getClass() != RuntimeException.class) e.printStackTrace(io.err());
    return Sender.ERROR;
  }

  @Override
  public Integer call() {
    if (args.isEmpty()) {
      // No URL and no subcommand: show what there is, as git and curl do.
      CommandLine cmd = commandLine(io);
      cmd.usage(io.out());
      return 0;
    }
    return new Sender(options, io).run(null, args);
  }
}
