package dev.courier.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code courier completion bash|zsh|fish}: a shell completion script on stdout, made from the
 * command's own model so it always matches the options. Bash's is picocli's generator; zsh runs
 * that same script through {@code bashcompinit} (the script does so itself); fish's is written
 * here from the options and subcommands.
 *
 * <pre>{@code
 * ./courier completion bash > ~/.local/share/bash-completion/completions/courier
 * ./courier completion fish > ~/.config/fish/completions/courier.fish
 * }</pre>
 */
@Command(
    name = "completion",
    aliases = "generate-completion",
    description = {
      "Print a shell completion script for courier.",
      "",
      "  bash:  courier completion bash > ~/.local/share/bash-completion/completions/courier",
      "  zsh:   courier completion zsh > ~/.zfunc/courier.zsh; add 'source ~/.zfunc/courier.zsh' to ~/.zshrc",
      "  fish:  courier completion fish > ~/.config/fish/completions/courier.fish",
      ""
    })
final class CompletionCommand implements Callable<Integer> {
  /** Values worth offering for options that take one of a few words. */
  private static final Map<String, String> CHOICES = Map.of(
      "--pretty", "all colors format none",
      "--style", "auto monokai solarized mono",
      "--auth-type", "basic digest bearer",
      "--verify", "yes no",
      "--http-version", "1.1 2 2-prior-knowledge");

  private final Io io;

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", defaultValue = "bash", paramLabel = "bash|zsh|fish",
      description = "The shell (default: ${DEFAULT-VALUE}).")
  String shell;

  @CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
  boolean help;

  CompletionCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    String script = switch (shell.toLowerCase(Locale.ROOT)) {
      case "bash" -> AutoComplete.bash("courier", root);
      case "zsh" -> "#compdef courier\n# zsh: the bash completion through bashcompinit (the script loads it)\n"
          + AutoComplete.bash("courier", root);
      case "fish" -> fish(root.getCommandSpec());
      default -> null;
    };
    if (script == null) {
      io.err().println("courier: error: completion " + shell + ": expected bash, zsh or fish");
      return Sender.ERROR;
    }
    io.out().print(script);
    io.out().flush();
    return 0;
  }

  /** A fish script: the subcommands first, then each command's options with their descriptions. */
  static String fish(CommandSpec root) {
    StringBuilder out = new StringBuilder("# fish completion for courier (courier completion fish)\n");
    out.append("complete -c courier -f\n");
    List<String> names = new ArrayList<>(root.subcommands().keySet());
    String noSub = "not __fish_seen_subcommand_from " + String.join(" ", names);
    for (var entry : root.subcommands().entrySet()) {
      if (entry.getValue().getCommandSpec().name().equals(entry.getKey())) {
        out.append("complete -c courier -n '").append(noSub).append("' -a ").append(entry.getKey())
            .append(" -d ").append(quote(first(entry.getValue().getCommandSpec().usageMessage().description())))
            .append('\n');
      }
    }
    options(out, root, noSub);
    for (var entry : root.subcommands().entrySet()) {
      options(out, entry.getValue().getCommandSpec(), "__fish_seen_subcommand_from " + entry.getKey());
    }
    return out.toString();
  }

  private static void options(StringBuilder out, CommandSpec command, String condition) {
    for (OptionSpec option : command.options()) {
      if (option.hidden()) continue;
      out.append("complete -c courier -n '").append(condition).append('\'');
      for (String name : option.names()) {
        if (name.startsWith("--")) out.append(" -l ").append(name.substring(2));
        else out.append(" -s ").append(name.substring(1));
      }
      if (option.arity().max() > 0) {
        out.append(" -r");
        String choices = CHOICES.get(option.longestName());
        if (choices != null) out.append(" -a ").append(quote(choices));
        else if (option.type() == java.nio.file.Path.class || option.paramLabel().contains("FILE")) out.append(" -F");
      }
      String description = first(option.description()).replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()));
      out.append(" -d ").append(quote(description)).append('\n');
    }
  }

  /** The first line of a description, as one line (picocli's %n markers dropped), without its full stop. */
  private static String first(String[] lines) {
    if (lines.length == 0) return "";
    String line = lines[0].replace("%n", " ").strip();
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  /** A single-quoted fish word. */
  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
