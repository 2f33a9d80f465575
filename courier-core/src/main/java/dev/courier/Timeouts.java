package dev.courier;

import dev.courier.client.ClientDefaults;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a call may wait: to connect, for each read, and optionally in total.
 *
 * <p>Defaults ({@link #defaults()}): <b>connect 10 s, read 30 s, no total deadline</b>, as the one
 * table of client limits, {@link ClientDefaults}, gives them with their reasons. Courier never
 * waits forever unless asked.
 *
 * <ul>
 *   <li>connect: TCP connect, TLS handshake and proxy tunnel, each attempt;
 *   <li>read: the longest silence between two reads (the head, then each block of the body);
 *   <li>total: an optional deadline for the whole call, across redirects, retries and auth round
 *       trips, up to the response head (and, for buffered responses, the body). See {@link
 *       #withTotal} for exactly what it bounds.
 * </ul>
 *
 * <p>{@link Duration#ZERO} means "no limit" and is only ever there because you asked for it.
 *
 * <pre>{@code
 * Timeouts t = Timeouts.defaults().withRead(Duration.ofSeconds(5)).withTotal(Duration.ofSeconds(20));
 * session.send(Request.get(url).timeouts(t).build());
 * }</pre>
 */
public final class Timeouts {
  private static final Timeouts DEFAULTS =
      new Timeouts(ClientDefaults.CONNECT_TIMEOUT, ClientDefaults.READ_TIMEOUT, Duration.ZERO);

  private final Duration connect;
  private final Duration read;
  private final Duration total;

  private Timeouts(Duration connect, Duration read, Duration total) {
    this.connect = check("connect", connect);
    this.read = check("read", read);
    this.total = check("total", total);
  }

  /** Connect 10 s, read 30 s, no total deadline. */
  public static Timeouts defaults() {
    return DEFAULTS;
  }

  /** The given connect and read timeouts, no total deadline. */
  public static Timeouts of(Duration connect, Duration read) {
    return new Timeouts(connect, read, Duration.ZERO);
  }

  /** One value for connect and read, as {@code requests}' {@code timeout=5}. */
  public static Timeouts of(Duration connectAndRead) {
    return of(connectAndRead, connectAndRead);
  }

  /** No limits at all: a call may wait forever. Only for callers who mean it. */
  public static Timeouts none() {
    return new Timeouts(Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /** A copy with another connect timeout ({@code ZERO} for none). */
  public Timeouts withConnect(Duration connect) {
    return new Timeouts(connect, read, total);
  }

  /** A copy with another read timeout ({@code ZERO} for none). */
  public Timeouts withRead(Duration read) {
    return new Timeouts(connect, read, total);
  }

  /**
   * A copy with a total deadline for the whole call ({@code ZERO} for none). When it passes, the
   * call fails with a {@link dev.courier.error.DeadlineExceededException} (a {@link
   * dev.courier.error.TimedOutException}, like the other timeouts). It bounds, across every
   * redirect, retry and auth round trip of the call:
   *
   * <ul>
   *   <li>waiting for a pooled connection and connecting (TCP connect, TLS handshake, proxy
   *       tunnel): each waits at most the shorter of what is left of the deadline and its own
   *       limit (the pool's 30 s acquire timeout, the connect timeout);
   *   <li>sending the request and reading the response head, and for a buffered response (the
   *       default) reading the body: the connection is closed under a read or write that would
   *       outlive the deadline;
   *   <li>sleeping between retries: a {@code Retry-After} or backoff that would outlive it is not
   *       waited for.
   * </ul>
   *
   * <p>It does <b>not</b> bound reading the body of a streamed response ({@link
   * Request.Builder#stream stream(true)}) after {@code send} returns: the caller holds that body
   * for as long as it likes, and each of its reads is bounded by the read timeout only (a server
   * that trickles bytes can stretch it indefinitely). Bound a streamed download yourself, e.g. by
   * counting elapsed time between reads of {@link Response#stream()}.
   */
  public Timeouts withTotal(Duration total) {
    return new Timeouts(connect, read, total);
  }

  /** The connect timeout; {@code ZERO} means none. */
  public Duration connect() {
    return connect;
  }

  /** The read timeout; {@code ZERO} means none. */
  public Duration read() {
    return read;
  }

  /** The total deadline for a call, when there is one. */
  public Optional<Duration> total() {
    return total.isZero() ? Optional.empty() : Optional.of(total);
  }

  static String describe(Duration d) {
    if (d == null) return "?";
    if (d.isZero()) return "unlimited";
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  private static Duration check(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) throw new IllegalArgumentException(what + " timeout is negative: " + d);
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Timeouts t && t.connect.equals(connect) && t.read.equals(read) && t.total.equals(total);
  }

  @Override
  public int hashCode() {
    return Objects.hash(connect, read, total);
  }

  @Override
  public String toString() {
    return "Timeouts[connect=" + describe(connect) + ", read=" + describe(read)
        + ", total=" + describe(total) + "]";
  }
}
