package dev.courier;

import dev.courier.error.ConnectionException;
import dev.courier.error.CourierException;
import dev.courier.error.DeadlineExceededException;
import dev.courier.error.HttpProtocolException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.TimedOutException;
import dev.courier.error.TlsException;
import dev.courier.http.Headers;
import dev.courier.http.HttpDate;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When and how long to wait before sending a request again.
 *
 * <p>{@link #defaults()}: up to 3 retries; statuses 429, 502, 503 and 504; backoff 0.5 s, 1 s, 2 s
 * … capped at 30 s, each shortened by up to half at random (jitter, so that many clients that
 * failed together do not come back together); {@code Retry-After} honoured in seconds or as an
 * HTTP-date, up to 120 s (a longer wait is not retried: the response is returned); only the
 * idempotent methods of RFC 9110, Section 9.2.2 (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are
 * retried after the request may have reached the server. A connect failure, where nothing was
 * sent, is retried for every method.
 *
 * <p>The same {@link #methods()} decide, even with {@link #none()}'s zero retries, whether a
 * request whose pooled connection turns out closed by the server before any response byte is
 * sent once more on a new connection (RFC 9112, Section 9.3.1): idempotent methods always are;
 * a POST or PATCH only when listed here (or when no byte of it left), since the server may have
 * processed it before closing. A request the session will not send again fails with {@link
 * CourierException#mayHaveReachedServer()} true.
 *
 * <p>A {@link Session} uses {@link #none()} unless told otherwise, like {@code requests}: retries
 * change timing and load, so they are something you switch on. Every retry passes through the
 * session's hooks ({@link Hook#onRetry}).
 *
 * <pre>{@code
 * Retry retry = Retry.builder().total(5).statuses(429, 503).backoff(Duration.ofMillis(200)).build();
 * Session session = Session.builder().retry(retry).build();
 * }</pre>
 */
public final class Retry {
  /** Methods that are idempotent by definition (RFC 9110, Section 9.2.2). */
  public static final Set<String> IDEMPOTENT_METHODS =
      Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");
  /** Statuses worth retrying by default: rate limited, bad gateway, unavailable, gateway timeout. */
  public static final Set<Integer> DEFAULT_STATUSES = Set.of(429, 502, 503, 504);
  /** Default first backoff. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);
  /** Default longest backoff between two attempts. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  /** Default longest {@code Retry-After} we wait for; past it, the response is returned as is. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(120);

  private static final Retry NONE = builder().total(0).build();
  private static final Retry DEFAULTS = builder().build();

  private final int total;
  private final Set<Integer> statuses;
  private final Set<String> methods;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final boolean respectRetryAfter;
  private final Duration maxRetryAfter;
  private final boolean retryConnectFailures;
  private final DoubleSupplier random;

  private Retry(Builder b) {
    this.total = b.total;
    this.statuses = Set.copyOf(b.statuses);
    this.methods = Set.copyOf(b.methods);
    this.backoff = b.backoff;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.respectRetryAfter = b.respectRetryAfter;
    this.maxRetryAfter = b.maxRetryAfter;
    this.retryConnectFailures = b.retryConnectFailures;
    this.random = b.random;
  }

  /** Never retry. */
  public static Retry none() {
    return NONE;
  }

  /** Up to 3 retries with the defaults listed above. */
  public static Retry defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this policy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.total = total;
    b.statuses = statuses;
    b.methods = methods;
    b.backoff = backoff;
    b.maxBackoff = maxBackoff;
    b.jitter = jitter;
    b.respectRetryAfter = respectRetryAfter;
    b.maxRetryAfter = maxRetryAfter;
    b.retryConnectFailures = retryConnectFailures;
    b.random = random;
    return b;
  }

  /** The most retries after the first attempt. */
  public int total() {
    return total;
  }

  /** The statuses that are retried. */
  public Set<Integer> statuses() {
    return statuses;
  }

  /**
   * The methods retried after the request may have reached the server, and resent on a new
   * connection when a stale pooled one closes before answering.
   */
  public Set<String> methods() {
    return methods;
  }

  /** True when {@code method} may be sent again after it may have reached the server. */
  public boolean allowsMethod(String method) {
    // the method as sent first (nearly always upper case already): no case folding per request
    return methods.contains(method) || methods.contains(method.toUpperCase(Locale.ROOT));
  }

  /**
   * Whether to retry after a failure; {@code retriesSoFar} counts earlier retries. A failed
   * connect, pool wait or proxy tunnel ({@link CourierException#mayHaveReachedServer()} false) is
   * retried for every method; other failures only for allowed methods. A TLS handshake failure
   * (untrusted certificate, wrong host) and the call's deadline are never retried.
   */
  public boolean shouldRetry(String method, CourierException failure, int retriesSoFar) {
    if (retriesSoFar >= total) return false;
    if (failure instanceof DeadlineExceededException) return false;
    if (failure instanceof TlsException tls && tls.reason() != TlsException.Reason.PROTOCOL) return false;
    boolean connectFailure = failure instanceof ConnectionException || failure instanceof TimedOutException;
    if (connectFailure && !failure.mayHaveReachedServer()) {
      return retryConnectFailures;
    }
    // Read timeouts, broken or reset connections and garbled responses: the request may have
    // been processed, so only methods that may be repeated are sent again.
    boolean transient_ = failure instanceof ReadTimeoutException
        || failure instanceof ConnectionException
        || failure instanceof HttpProtocolException
        || failure.getClass() == CourierException.class;
    return transient_ && allowsMethod(method);
  }

  /** Whether a response with this status may be retried at all (the policy retries, and lists the status). */
  boolean retriesStatus(int status) {
    return total > 0 && statuses.contains(status);
  }

  /**
   * The wait before retrying a response with this {@code status}, or empty when it must not be
   * retried (status not listed, method not allowed, retries used up, or a {@code Retry-After}
   * longer than the cap).
   */
  public Optional<Duration> delayForStatus(
      String method, int status, Headers headers, int retriesSoFar, Instant now) {
    if (retriesSoFar >= total || !statuses.contains(status) || !allowsMethod(method)) {
      return Optional.empty();
    }
    if (respectRetryAfter) {
      Optional<String> retryAfter = headers.firstValue("Retry-After");
      if (retryAfter.isPresent()) {
        Optional<Duration> wait = parseRetryAfter(retryAfter.get(), now);
        if (wait.isPresent()) {
          return wait.get().compareTo(maxRetryAfter) > 0 ? Optional.empty() : wait;
        }
      }
    }
    return Optional.of(backoff(retriesSoFar));
  }

  /**
   * The backoff before retry number {@code retriesSoFar + 1}: {@code backoff * 2^retriesSoFar},
   * capped, then shortened by up to the jitter fraction at random.
   */
  public Duration backoff(int retriesSoFar) {
    if (backoff.isZero()) return Duration.ZERO;
    long base = backoff.toNanos();
    long cap = maxBackoff.toNanos();
    long delay = base;
    for (int i = 0; i < retriesSoFar && delay < cap; i++) delay = delay > cap / 2 ? cap : delay * 2;
    delay = Math.min(delay, cap);
    double r = random.getAsDouble();
    long cut = (long) (delay * jitter * Math.min(1.0, Math.max(0.0, r)));
    return Duration.ofNanos(delay - cut);
  }

  /**
   * {@code Retry-After} (RFC 9110, Section 10.2.3): {@code delay-seconds} (1*DIGIT) or an
   * HTTP-date; a date in the past means "now". Anything else is ignored.
   */
  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    String s = value.trim();
    if (s.isEmpty()) return Optional.empty();
    if (isAsciiDigit(s.charAt(0))) {
      long seconds = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (!isAsciiDigit(c)) return Optional.empty();
        seconds = seconds * 10 + (c - '0');
        if (seconds > 100_000_000L) return Optional.of(Duration.ofSeconds(100_000_000L)); // clamp
      }
      return Optional.of(Duration.ofSeconds(seconds));
    }
    return HttpDate.tryParse(s, now).map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  @Override
  public String toString() {
    return "Retry[total=" + total + ", statuses=" + statuses + ", backoff=" + backoff
        + ", maxBackoff=" + maxBackoff + ", jitter=" + jitter + "]";
  }

  /** Builds a {@link Retry}; starts from {@link Retry#defaults()}. */
  public static final class Builder {
    private int total = 3;
    private Set<Integer> statuses = DEFAULT_STATUSES;
    private Set<String> methods = IDEMPOTENT_METHODS;
    private Duration backoff = DEFAULT_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private double jitter = 0.5;
    private boolean respectRetryAfter = true;
    private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    private boolean retryConnectFailures = true;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder() {}

    /** The most retries after the first attempt (0 disables retries). */
    public Builder total(int total) {
      if (total < 0) throw new IllegalArgumentException("total must be >= 0: " + total);
      this.total = total;
      return this;
    }

    /** The statuses to retry. */
    public Builder statuses(int... statuses) {
      java.util.HashSet<Integer> set = new java.util.HashSet<>();
      for (int s : statuses) {
        if (s < 100 || s > 999) throw new IllegalArgumentException("not a status code: " + s);
        set.add(s);
      }
      this.statuses = set;
      return this;
    }

    /** The methods that may be retried after reaching the server (upper-cased). */
    public Builder methods(String... methods) {
      java.util.HashSet<String> set = new java.util.HashSet<>();
      for (String m : methods) set.add(m.toUpperCase(Locale.ROOT));
      this.methods = set;
      return this;
    }

    /**
     * Allows every method, POST and PATCH included, to be sent again after it may have reached
     * the server (retries, and resends on stale connections): only when your server de-duplicates.
     *
     * <pre>{@code
     * Retry resendPosts = Retry.none().toBuilder().anyMethod().build(); // no retries, stale resends only
     * }</pre>
     */
    public Builder anyMethod() {
      return methods("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "POST", "PATCH", "CONNECT");
    }

    /** The first backoff; each next one doubles. {@code ZERO} retries at once. */
    public Builder backoff(Duration backoff) {
      this.backoff = nonNegative(backoff);
      return this;
    }

    /** The longest backoff. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = nonNegative(maxBackoff);
      return this;
    }

    /** The fraction (0 to 1) of each backoff that may be cut at random; 0 turns jitter off. */
    public Builder jitter(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) throw new IllegalArgumentException("jitter must be in [0, 1]");
      this.jitter = fraction;
      return this;
    }

    /** Whether {@code Retry-After} decides the wait (default true). */
    public Builder respectRetryAfter(boolean respect) {
      this.respectRetryAfter = respect;
      return this;
    }

    /** The longest {@code Retry-After} waited for; longer answers are returned, not retried. */
    public Builder maxRetryAfter(Duration max) {
      this.maxRetryAfter = nonNegative(max);
      return this;
    }

    /** Whether failed connects (nothing sent) are retried (default true). */
    public Builder retryConnectFailures(boolean retry) {
      this.retryConnectFailures = retry;
      return this;
    }

    /** The random source for jitter, giving values in [0, 1) (for tests). */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    /** The policy. */
    public Retry build() {
      return new Retry(this);
    }

    private static Duration nonNegative(Duration d) {
      if (d.isNegative()) throw new IllegalArgumentException("negative duration: " + d);
      return d;
    }
  }
}
