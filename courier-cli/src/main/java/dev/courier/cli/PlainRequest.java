package dev.courier.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The common command lines, {@code courier [METHOD] URL [ITEM ...]} and {@code courier VERB URL
 * [ITEM ...]} with the usual options, read without picocli.
 *
 * <p>Why: picocli builds its model of a command by reflection over ~45 annotated options, and
 * its jar is compiled for Java 5, so its ~140 classes cannot go into a class-data archive; that
 * was about 40% of a GET's start-up. This reader fills the same {@link RequestOptions} that
 * picocli fills, so everything after it ({@link Sender}) is shared.
 *
 * <p>It only says yes when it is sure to read the line as picocli would: every argument that
 * starts with {@code -} is one of the option spellings below (no clusters such as {@code -vb},
 * no {@code --} separator), no option is given twice (picocli refuses that), a valued option's
 * value is present and does not start with {@code -}, numbers are plain digits, and no argument
 * names a subcommand ({@code help}, {@code serve}, {@code demo}, {@code completion}). Anything
 * else, including every error, goes to picocli, which says what is wrong. {@code
 * PlainRequestTest} checks each option spelling against picocli's own reading.
 *
 * <pre>{@code
 * PlainRequest plain = PlainRequest.recognise(new String[] {"-v", "post", ":8000/post", "a=1"});
 * // plain.method() is "POST", plain.args() is [":8000/post", "a=1"], plain.options().verbose
 * }</pre>
 */
final class PlainRequest {
  /** The verbs, each a subcommand with its method fixed (see {@link VerbCommand}). */
  static final List<String> VERBS = List.of("get", "post", "put", "patch", "delete", "head", "options");

  private final RequestOptions options;
  private final String method;
  private final List<String> args;

  private PlainRequest(RequestOptions options, String method, List<String> args) {
    this.options = options;
    this.method = method;
    this.args = args;
  }

  RequestOptions options() {
    return options;
  }

  /** The verb's method ({@code courier post ...}), or null when the first item may be one. */
  String method() {
    return method;
  }

  /** The URL and the items, as picocli's {@code @Parameters} would hold them. */
  List<String> args() {
    return args;
  }

  /**
   * Reads a plain request command line, or returns null when picocli should read it (help,
   * subcommands, unusual or wrong options).
   */
  static PlainRequest recognise(String[] argv) {
    RequestOptions options = new RequestOptions();
    List<String> positional = new ArrayList<>(argv.length);
    long seen = 0; // one bit per option: picocli refuses an option given twice
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (arg.startsWith("-")) {
        String name = arg;
        String value = null;
        int equals = arg.indexOf('=');
        if (equals > 0 && arg.startsWith("--")) {
          name = arg.substring(0, equals);
          value = arg.substring(equals + 1);
          if (value.isEmpty()) return null;
        }
        int option = optionIndex(name);
        if (option < 0 || (seen & (1L << option)) != 0) return null;
        seen |= 1L << option;
        if (option < FIRST_VALUED) {
          if (value != null) return null;
          setFlag(options, option);
          continue;
        }
        if (value == null) {
          if (i + 1 == argv.length) return null;
          value = argv[++i];
          if (value.startsWith("-") || isSubcommand(value)) return null;
        }
        if (!setValue(options, option, value)) return null;
        continue;
      }
      if (isSubcommand(arg)) return null;
      positional.add(arg);
    }
    if (positional.isEmpty()) return null; // no URL: the usage, from picocli
    String method = null;
    if (VERBS.contains(positional.get(0))) {
      if (positional.size() == 1) return null; // a verb needs a URL: picocli says so
      method = positional.remove(0).toUpperCase(Locale.ROOT);
    }
    return new PlainRequest(options, method, positional);
  }

  private static boolean isSubcommand(String arg) {
    return arg.equals("help") || arg.equals("serve") || arg.equals("demo") || arg.equals("completion")
        || arg.equals("generate-completion");
  }

  // The options, numbered: flags first, then those with a value. The names are exactly those of
  // the @Option annotations in RequestOptions (PlainRequestTest checks every one).
  private static final int FIRST_VALUED = 20;

  private static int optionIndex(String name) {
    return switch (name) {
      case "-j", "--json" -> 0;
      case "-f", "--form" -> 1;
      case "--multipart" -> 2;
      case "-I", "--ignore-stdin" -> 3;
      case "--https" -> 4;
      case "-h", "--headers" -> 5;
      case "-b", "--body" -> 6;
      case "-m", "--meta" -> 7;
      case "-v", "--verbose" -> 8;
      case "-q", "--quiet" -> 9;
      case "--offline" -> 10;
      case "-F", "--follow" -> 11;
      case "--check-status" -> 12;
      case "-d", "--download" -> 13;
      case "-c", "--continue" -> 14;
      case "--ignore-netrc" -> 15;
      case "--debug" -> 16;
      case "--timing" -> 17;
      case "--all" -> 18;
      case "--chunked" -> 19;
      case "--raw" -> 20;
      case "-p", "--print" -> 21;
      case "--pretty" -> 22;
      case "--max-redirects" -> 23;
      case "--timeout" -> 24;
      case "-o", "--output" -> 25;
      case "-a", "--auth" -> 26;
      case "-A", "--auth-type" -> 27;
      case "--verify" -> 28;
      case "--cert" -> 29;
      case "--cert-key" -> 30;
      case "--proxy" -> 31;
      case "--session" -> 32;
      case "--session-read-only" -> 33;
      case "--boundary" -> 34;
      case "--style" -> 35;
      case "--http-version" -> 36;
      default -> -1; // -x (repeatable), --help, --version, clusters, unknown: picocli's
    };
  }

  private static void setFlag(RequestOptions o, int option) {
    switch (option) {
      case 0 -> o.json = true;
      case 1 -> o.form = true;
      case 2 -> o.multipart = true;
      case 3 -> o.ignoreStdin = true;
      case 4 -> o.https = true;
      case 5 -> o.headersOnly = true;
      case 6 -> o.bodyOnly = true;
      case 7 -> o.metaOnly = true;
      case 8 -> o.verbose = true;
      case 9 -> o.quiet = true;
      case 10 -> o.offline = true;
      case 11 -> o.follow = true;
      case 12 -> o.checkStatus = true;
      case 13 -> o.download = true;
      case 14 -> o.continueDownload = true;
      case 15 -> o.ignoreNetrc = true;
      case 16 -> o.debug = true;
      case 17 -> o.timing = true;
      case 18 -> o.all = true;
      case 19 -> o.chunked = true;
      default -> throw new IllegalStateException("option " + option + " is not a flag");
    }
  }

  /** Sets a valued option; false when the value needs picocli's conversion and its message. */
  private static boolean setValue(RequestOptions o, int option, String value) {
    switch (option) {
      case 20 -> o.raw = value;
      case 21 -> o.print = value;
      case 22 -> o.pretty = value;
      case 23 -> {
        if (!isDigits(value, 9)) return false;
        o.maxRedirects = Integer.parseInt(value);
      }
      case 24 -> {
        // Plain decimals only: Double.valueOf's other spellings (1e3, 0x1p3, NaN) go to picocli.
        int dot = value.indexOf('.');
        boolean plain = dot < 0 ? isDigits(value, 9)
            : isDigits(value.substring(0, dot), 9) && isDigits(value.substring(dot + 1), 9);
        if (!plain) return false;
        o.timeout = Double.valueOf(value);
      }
      case 25 -> {
        try {
          o.output = Path.of(value);
        } catch (InvalidPathException e) {
          return false;
        }
      }
      case 26 -> o.auth = value;
      case 27 -> o.authType = value;
      case 28 -> o.verify = value;
      case 29 -> o.cert = value;
      case 30 -> o.certKey = value;
      case 31 -> o.proxy = value;
      case 32 -> o.session = value;
      case 33 -> o.sessionReadOnly = value;
      case 34 -> o.boundary = value;
      case 35 -> o.style = value;
      case 36 -> o.httpVersion = value;
      default -> throw new IllegalStateException("option " + option + " takes no value");
    }
    return true;
  }

  /** 1 to {@code max} ASCII digits. */
  private static boolean isDigits(String s, int max) {
    if (s.isEmpty() || s.length() > max) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
}
