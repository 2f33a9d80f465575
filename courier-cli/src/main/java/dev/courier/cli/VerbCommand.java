package dev.courier.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code courier get|post|put|patch|delete|head|options URL [ITEM ...]}: the request command with
 * its method fixed, so each verb has its own {@code --help}.
 *
 * <pre>{@code
 * ./courier post :8000/post name=ada
 * ./courier delete :8000/delete --check-status
 * }</pre>
 */
@Command(
    sortOptions = false,
    usageHelpAutoWidth = true)
final class VerbCommand implements Callable<Integer> {
  static final List<String> VERBS = PlainRequest.VERBS;

  private final String method;
  private final Io io;

  @Mixin RequestOptions options;

  @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Parameters(paramLabel = "URL [ITEM]", arity = "1..*", description = "The URL and the request items.")
  List<String> args = new ArrayList<>();

  VerbCommand(String verb, Io io) {
    this.method = verb.toUpperCase(Locale.ROOT);
    this.io = io;
  }

  @Override
  public Integer call() {
    return new Sender(options, io).run(method, args);
  }

  /** The command line of this verb, its help naming the method and showing examples. */
  static CommandLine commandLine(String verb, Io io) {
    CommandLine cmd = new CommandLine(new VerbCommand(verb, io));
    String upper = verb.toUpperCase(Locale.ROOT);
    cmd.getCommandSpec().usageMessage()
        .description((upper.equals("OPTIONS") ? "Send an " : "Send a ") + upper
            + " request (items as in courier --help).", "")
        .footer("", "Examples:",
            "  courier " + verb + " :8000/" + verb + " q==courier         " + upper + " http://localhost:8000/" + verb + "?q=courier",
            "  courier " + verb + " -v httpbin.org/" + verb + " X-Id:7     with a header, request shown too",
            verb.equals("get") || verb.equals("head") || verb.equals("options") || verb.equals("delete")
                ? "  courier " + verb + " --check-status :8000/status/404  exit status 4"
                : "  courier " + verb + " :8000/" + verb + " name=ada age:=36   a JSON body: {\"name\": \"ada\", \"age\": 36}");
    return cmd;
  }
}
