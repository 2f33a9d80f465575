package dev.courier.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code courier} command: send requests, serve files.
 *
 * <pre>{@code
 * ./courier --version
 * ./courier --help
 * }</pre>
 */
@Command(
    name = "courier",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Send HTTP requests and serve files.",
    subcommands = {CommandLine.HelpCommand.class, ServeCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns its exit status (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    // No subcommand: show what there is, as git and curl do.
    spec.commandLine().usage(System.out);
  }
}
