package dev.courier.testing;

import dev.courier.Adapter;
import dev.courier.Body;
import dev.courier.Interceptor;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Session;
import dev.courier.http.Headers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Record and replay, like VCR.py and Betamax: the first run sends real requests and writes each
 * exchange to a JSON file; later runs answer from the file without the network. Secrets never reach
 * the file: {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} and {@code
 * Set-Cookie} values, URL user-info, and the headers and query parameters you name are redacted
 * before writing (see {@link CassetteFile} for the format).
 *
 * <p>The cassette works as a session's network interceptor ({@link #interceptor()}) or as its
 * network ({@link #adapter}, through {@link Session.Builder#mount}): either way it sits below
 * retries, redirects, authentication, cookies and decompression, so a replay runs all of them as
 * the recording did (a recorded 401 is answered again by the session's {@code Auth}, a recorded
 * gzip body is decoded again). Requests are matched on method and URL by default ({@link Builder#matchOn}),
 * after the same redaction as the file, and each recorded episode is played once, in order.
 *
 * <pre>{@code
 * try (Cassette cassette = Cassette.builder(Path.of("src/test/resources/cassettes/users.json"))
 *         .redactQueryParameter("api_key")
 *         .build();
 *     Session session = Session.builder().networkInterceptor(cassette.interceptor()).build()) {
 *   session.get("https://api.example.com/users?api_key=" + key).raiseForStatus();
 * }   // the first run writes users.json; later runs replay it
 * }</pre>
 *
 * <p>Close the cassette after the session's last call: {@link #close()} writes what was recorded.
 * Thread-safe.
 */
public final class Cassette implements AutoCloseable {
  /** What two requests must share for a recorded one to answer a live one. */
  public enum Match {
    /** The method. */
    METHOD,
    /** The whole URL (scheme, host, port, path and query). */
    URL,
    /** Only the path of the URL. */
    PATH,
    /** Only the query parameters, in any order. */
    QUERY,
    /** The body bytes. */
    BODY
  }

  private final Path file;
  private final CassetteMode mode;
  private final Set<Match> matchOn;
  private final Set<String> matchHeaders;
  private final Redaction redaction;
  private final int inlineLimit;
  private final boolean repeats;
  private final boolean existed;
  private final List<Episode> loaded;
  private final boolean[] played;
  private final List<Episode> recorded = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private int playCount;

  private Cassette(Builder b) {
    this.file = b.file;
    this.mode = b.mode;
    this.matchOn = Set.copyOf(b.matchOn);
    this.matchHeaders = Set.copyOf(b.matchHeaders);
    this.redaction = new Redaction(b.redactHeaders, b.redactQuery);
    this.inlineLimit = b.inlineLimit;
    this.repeats = b.repeats;
    this.existed = Files.exists(file);
    this.loaded = existed && mode != CassetteMode.ALL ? CassetteFile.read(file) : List.of();
    this.played = new boolean[loaded.size()];
    if (mode == CassetteMode.NONE && !existed) {
      throw new IllegalStateException("replay-only cassette " + file + " does not exist: record it first "
          + "(CassetteMode.ONCE)");
    }
  }

  /** A builder for the cassette in {@code file} (read now if it exists, written on close). */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /**
   * The network interceptor that replays and records; add it with {@code networkInterceptor}. It
   * records through the session's own network settings (TLS, proxies, pool). Network interceptors
   * added after it do not run on a replay: add it last, or use {@link #adapter}.
   */
  public Interceptor interceptor() {
    return chain -> answer(chain.request(), chain::proceed);
  }

  /**
   * The cassette as the session's network, for {@link Session.Builder#mount}: every interceptor,
   * network ones included, runs on a replay as on the recording, and only what the adapter sees
   * is recorded. Requests not replayed go to {@code network} (for example {@code
   * NetworkAdapter.builder().tls(...).build()}: a mounted adapter replaces the session's own
   * network settings for its URLs).
   *
   * <pre>{@code
   * Adapter tape = cassette.adapter(NetworkAdapter.builder().build());
   * Session session = Session.builder().mount("http://", tape).mount("https://", tape).build();
   * }</pre>
   */
  public Adapter adapter(Adapter network) {
    Objects.requireNonNull(network, "network");
    return new Adapter() {
      @Override
      public Response send(Request request, Exchange exchange) {
        return answer(request, sent -> network.send(sent, exchange));
      }

      @Override
      public void close() {
        network.close();
      }
    };
  }

  /** The file this cassette reads and writes. */
  public Path file() {
    return file;
  }

  /** How many requests were answered from the file so far. */
  public int playCount() {
    lock.lock();
    try {
      return playCount;
    } finally {
      lock.unlock();
    }
  }

  /** How many exchanges were recorded from the network so far (written on close). */
  public int recordedCount() {
    lock.lock();
    try {
      return recorded.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes the file when anything was recorded, then fails if a request found no episode during
   * replay (in case the code under test swallowed the error it got).
   */
  @Override
  public void close() {
    List<Episode> all;
    List<String> problems;
    boolean anyNew;
    lock.lock();
    try {
      all = new ArrayList<>(loaded);
      all.addAll(recorded);
      problems = List.copyOf(failures);
      anyNew = !recorded.isEmpty();
    } finally {
      lock.unlock();
    }
    if (anyNew) {
      CassetteFile.write(file, all, inlineLimit);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
  }

  private Response answer(Request request, Function<Request, Response> network) {
    byte[] body = RequestBodies.bytes(request);
    Episode live = new Episode(request.method(), redaction.url(request.url().redacted()),
        redaction.headers(request.headers()), body, 0, "", Headers.empty(), new byte[0]);
    if (mode != CassetteMode.ALL) {
      Optional<Episode> hit = take(live);
      if (hit.isPresent()) {
        return replay(hit.get(), request);
      }
      if (mode == CassetteMode.NONE || (mode == CassetteMode.ONCE && existed)) {
        String message = CassetteMismatch.describe(file, mode, live, loaded, played, matchOn, matchHeaders);
        lock.lock();
        try {
          failures.add(message);
        } finally {
          lock.unlock();
        }
        throw new AssertionError(message);
      }
    }
    Request sent = request.body().isPresent() && !request.body().get().isReplayable()
        ? request.newBuilder().body(Body.of(body, request.body().get().contentType().orElse(null))).build()
        : request;
    Response response = network.apply(sent);
    byte[] received = response.bytes();
    lock.lock();
    try {
      recorded.add(new Episode(live.method(), live.url(), live.requestHeaders(), body,
          response.statusCode(), response.reason(), redaction.headers(response.headers()), received));
    } finally {
      lock.unlock();
    }
    return response.newBuilder().body(received).build();
  }

  /** The first episode not yet played that matches, now played; with repeats, else the last match. */
  private Optional<Episode> take(Episode live) {
    lock.lock();
    try {
      int repeat = -1;
      for (int i = 0; i < loaded.size(); i++) {
        if (CassetteMismatch.differences(loaded.get(i), live, matchOn, matchHeaders).isEmpty()) {
          if (!played[i]) {
            played[i] = true;
            playCount++;
            return Optional.of(loaded.get(i));
          }
          repeat = i;
        }
      }
      if (repeats && repeat >= 0) {
        playCount++;
        return Optional.of(loaded.get(repeat));
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  private static Response replay(Episode episode, Request request) {
    Response.Builder out = Response.builder().request(request).statusCode(episode.status())
        .headers(episode.responseHeaders()).body(episode.responseBody());
    if (!episode.reason().isEmpty()) {
      out.reason(episode.reason());
    }
    return out.build();
  }


  /** Builds a {@link Cassette}. */
  public static final class Builder {
    private final Path file;
    private CassetteMode mode = CassetteMode.ONCE;
    private final Set<Match> matchOn = EnumSet.of(Match.METHOD, Match.URL);
    private final Set<String> matchHeaders = new LinkedHashSet<>();
    private final Set<String> redactHeaders = new LinkedHashSet<>();
    private final Set<String> redactQuery = new LinkedHashSet<>();
    private int inlineLimit = 64 * 1024;
    private boolean repeats;

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    /** When to record and when to replay ({@link CassetteMode#ONCE} by default). */
    public Builder mode(CassetteMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** What a recorded request must share with a live one (method and URL by default). */
    public Builder matchOn(Match first, Match... more) {
      matchOn.clear();
      matchOn.add(first);
      matchOn.addAll(List.of(more));
      return this;
    }

    /** Also requires these header fields to be equal (after redaction). */
    public Builder matchHeaders(String... names) {
      for (String name : names) {
        matchHeaders.add(name.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /** Redacts these header fields too, beyond the four credential and cookie fields. */
    public Builder redactHeader(String... names) {
      redactHeaders.addAll(List.of(names));
      return this;
    }

    /** Redacts the values of these query parameters in URLs and {@code Location} fields. */
    public Builder redactQueryParameter(String... names) {
      redactQuery.addAll(List.of(names));
      return this;
    }

    /** Bodies longer than this go to files beside the cassette (64 KiB by default). */
    public Builder inlineBodyLimit(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("negative limit: " + bytes);
      }
      inlineLimit = bytes;
      return this;
    }

    /** Lets an episode answer again once every match was played (off by default, as in VCR.py). */
    public Builder allowPlaybackRepeats() {
      repeats = true;
      return this;
    }

    /**
     * The cassette, with the file read when it exists.
     *
     * @throws IllegalStateException in {@link CassetteMode#NONE} when the file does not exist
     * @throws IllegalArgumentException when the file is not a cassette
     */
    public Cassette build() {
      return new Cassette(this);
    }
  }
}
