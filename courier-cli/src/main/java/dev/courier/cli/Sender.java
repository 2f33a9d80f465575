package dev.courier.cli;

import dev.courier.HttpStatusException;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.error.CourierException;
import dev.courier.error.TimedOutException;
import dev.courier.http.wire.HttpVersion;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Runs one request from the command line: reads {@code [METHOD] URL [ITEM ...]}, builds the
 * request, sends it through a {@link Session} (or only prints it, {@code --offline}), prints what
 * {@link PrintSpec} asks for and returns the exit status.
 *
 * <p>Exit status, as HTTPie: 0 for any response; with {@code --check-status} 3, 4 or 5 for a
 * 3xx (not followed), 4xx or 5xx; 2 for a timeout; 1 for every other error, printed as one line
 * on stderr (the stack trace too with {@code --debug}).
 *
 * <pre>{@code
 * int status = new Sender(options, io).run(null, List.of(":8000/get", "q==1"));
 * }</pre>
 */
final class Sender {
  static final int OK = 0;
  static final int ERROR = 1;
  static final int TIMEOUT = 2;

  private static final Pattern LETTERS = Pattern.compile("[A-Za-z]+");
  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private final RequestOptions options;
  private final Io io;

  Sender(RequestOptions options, Io io) {
    this.options = options;
    this.io = io;
  }

  /** {@code method} is the verb's (null for {@code courier [METHOD] URL ...}); {@code args} the positionals. */
  int run(String method, List<String> args) {
    try {
      return send(method, args);
    } catch (BadItemException e) {
      return fail(e, e.getMessage());
    } catch (TimedOutException e) {
      fail(e, e.getMessage());
      return TIMEOUT;
    } catch (CourierException e) {
      return fail(e, e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      return fail(e, e.getMessage());
    }
  }

  private int send(String method, List<String> args) {
    Io io = this.io;
    java.io.PrintStream toFile = null;
    if (options.output != null && !options.download) {
      // -o without --download: what would be printed goes to the file, as if piped.
      try {
        toFile = new java.io.PrintStream(java.nio.file.Files.newOutputStream(this.io.cwd().resolve(options.output)), false);
      } catch (java.io.IOException e) {
        throw new BadItemException("-o " + options.output + ": cannot write: " + e.getMessage(), e);
      }
      io = io.withOut(toFile);
    }
    if (method == null && args.size() >= 2 && looksLikeMethod(args.get(0))) {
      method = args.get(0);
      args = args.subList(1, args.size());
    }
    if (args.isEmpty()) throw new BadItemException("a URL is needed: courier [METHOD] URL [ITEM ...] (see --help)");
    PrintSpec spec = PrintSpec.of(options, io);
    Request request = new RequestFactory(options, io).build(method, args.get(0), args.subList(1, args.size()));
    long resumeFrom = resumeFrom();
    if (resumeFrom > 0) {
      // Ask for the rest only, undecoded: a range of a compressed body is not a range of the file.
      request = request.newBuilder().header("Range", "bytes=" + resumeFrom + "-").header("Accept-Encoding", "identity").build();
    }
    boolean onlyHttp2 = Connection.httpVersionPolicy(options) == dev.courier.HttpVersionPolicy.HTTP_2_ONLY;
    Printer printer = new Printer(spec, io);
    // A request is shown when its connection is known, its line naming the version spoken there.
    RequestEcho echo = new RequestEcho(printer, onlyHttp2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1);

    AtomicBoolean shown = new AtomicBoolean();
    Intermediates intermediates = options.all ? new Intermediates(printer) : null;
    Session.Builder session = Session.builder()
        .userAgent("courier/" + Version.current())
        .followRedirects(options.follow)
        .maxRedirects(options.maxRedirects)
        // The request as it goes on the wire (Host, framing, auth added): shown once, before the
        // answer; with --all each attempt, after the answer to the one before.
        .networkInterceptor(chain -> {
          if (intermediates != null) intermediates.nextAttempt();
          if (shown.compareAndSet(false, true) || intermediates != null) echo.awaitConnection(chain.request());
          if (options.offline) {
            echo.printPending();
            return Response.builder().request(chain.request()).statusCode(200).build();
          }
          Response answer;
          try {
            answer = chain.proceed(chain.request());
          } finally {
            echo.printPending(); // no connection came: the connect failed, or an interceptor answered
          }
          return intermediates == null ? answer : intermediates.keep(answer);
        });
    Timing timing = options.timing ? new Timing() : null;
    session.eventListener(timing == null ? echo : new ListenerPair(timing, echo));
    SessionFile stored = sessionFile(request, args.subList(1, args.size()), session);
    if (options.timeout != null) session.timeout(seconds(options.timeout));
    Connection.configure(session, options, io);
    dev.courier.Auth auth = Credentials.of(options, io);
    if (auth != null) session.auth(auth);
    try (Session s = session.build(); Response response = s.send(request.newBuilder().stream(true).build())) {
      if (options.offline) return OK;
      if (stored != null && options.session != null) stored.save();
      Download download = new Download(io, options.output, resumeFrom);
      if (options.download && download.alreadyComplete(response)) return OK;
      if (options.download && response.statusCode() >= 200 && response.statusCode() < 300) {
        download.save(response);
        return OK;
      }
      printer.response(response);
      // As HTTPie: a download that got an error instead says so in the exit status.
      return options.download ? statusClass(response) : exitStatus(response);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot save the download: " + e.getMessage(), e);
    } finally {
      // after the response is closed: the call has ended (or failed) and every phase is known
      if (timing != null && timing.started() && !options.offline) printTiming(timing, spec, io);
      if (toFile != null) toFile.close();
    }
  }

  /** The --timing table: in the output's metadata with -p m, else on stderr (so a pipe gets the body only). */
  private static void printTiming(Timing timing, PrintSpec spec, Io io) {
    if (spec.meta()) {
      io.out().print(timing.table(spec.ansi()));
      io.out().flush();
    } else {
      io.err().print(timing.table(io.stderrTerminal() && io.env("NO_COLOR").isEmpty() ? spec.style() : Ansi.OFF));
      io.err().flush();
    }
  }

  /**
   * With {@code --session} or {@code --session-read-only}: the stored headers, auth and cookies go
   * into the session, and this call's headers and {@code --auth} into the file (saved later).
   */
  private SessionFile sessionFile(Request request, List<String> itemArgs, Session.Builder session) {
    if (options.session != null && options.sessionReadOnly != null) {
      throw new BadItemException("--session and --session-read-only cannot be used together");
    }
    String arg = options.session != null ? options.session : options.sessionReadOnly;
    if (arg == null) return null;
    SessionFile stored = SessionFile.open(arg, request.url(), io);
    for (String itemArg : itemArgs) {
      RequestItem item = RequestItem.parse(itemArg);
      switch (item.kind()) {
        case HEADER, EMPTY_HEADER, HEADER_FILE ->
            stored.header(item.key(), request.headers().lastValue(item.key()).orElse(""));
        default -> { }
      }
    }
    if (options.auth != null) {
      stored.auth = options.auth;
      stored.authType = options.authType;
    } else if (stored.auth != null) {
      options.auth = stored.auth;
      options.authType = stored.authType;
    }
    // Session-wide headers: a header typed on this command line is on the request and wins.
    stored.headers.forEach(session::header);
    session.cookieJar(stored.cookies);
    return stored;
  }

  /** With {@code --continue}: the size of the partial download to resume, else 0. */
  private long resumeFrom() {
    if (!options.continueDownload) return 0;
    if (!options.download || options.output == null) {
      throw new BadItemException("--continue needs --download and --output FILE (the file to resume)");
    }
    java.nio.file.Path partial = Download.partial(io.cwd().resolve(options.output));
    try {
      return partial == null ? 0 : java.nio.file.Files.size(partial);
    } catch (java.io.IOException e) {
      throw new BadItemException("--continue: cannot read " + partial + ": " + e.getMessage(), e);
    }
  }

  private int exitStatus(Response response) {
    if (!options.checkStatus) return OK;
    return statusClass(response);
  }

  private int statusClass(Response response) {
    int code = response.statusCode();
    int status = code >= 500 ? 5 : code >= 400 ? 4 : code >= 300 ? 3 : OK;
    if (status != OK && !io.stdoutTerminal()) {
      io.err().println("courier: warning: HTTP " + code + (response.reason().isEmpty() ? "" : " " + response.reason()));
    }
    return status;
  }

  private int fail(Throwable e, String message) {
    String shown = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    if (e instanceof CourierException && !(e instanceof HttpStatusException)) {
      shown = e.getClass().getSimpleName() + ": " + shown;
    }
    io.err().println("courier: error: " + shown.replace('\n', ' '));
    if (options.debug) e.printStackTrace(io.err());
    io.err().flush();
    return ERROR;
  }

  /**
   * HTTPie takes any all-letter first argument as the method when more follow; we take only
   * registered methods (any case) or an upper-case token, so {@code courier localhost a=1} sends
   * to localhost instead of trying a method called "localhost".
   */
  static boolean looksLikeMethod(String arg) {
    if (!LETTERS.matcher(arg).matches()) return false;
    return KNOWN_METHODS.contains(arg.toUpperCase(Locale.ROOT)) || arg.equals(arg.toUpperCase(Locale.ROOT));
  }

  private static Duration seconds(double seconds) {
    if (!(seconds > 0)) throw new BadItemException("--timeout " + seconds + ": expected a positive number of seconds");
    return Duration.ofNanos((long) (seconds * 1e9));
  }
}
