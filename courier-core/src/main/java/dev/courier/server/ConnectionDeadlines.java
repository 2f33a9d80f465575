package dev.courier.server;

/**
 * The read and write deadlines of one connection, published for the server's reaper.
 *
 * <p>Whoever serves the connection (its thread, or the {@link ReadyLoop} while it is parked) sets
 * the read deadline before it waits and clears it after; the reaper reads both deadlines every
 * tick on its own thread ({@link ServerConnection#expireIfLate}). Every field is therefore
 * volatile: a timed park per read would cost a timer task on virtual threads, a deadline costs one
 * volatile write. {@link #expired} is set once, by the reaper, just before it shuts the input down,
 * so the reader that then sees end-of-stream can tell a timeout from the peer's close.
 */
final class ConnectionDeadlines {
  private final ServerConfig config;
  /** The minimum response rate, or null when there is none; it has its own lock for the reaper. */
  private final WriteRate writeRate;
  /** System.nanoTime() by which the current wait for bytes must end; MAX_VALUE when none. */
  private volatile long readDeadline = Long.MAX_VALUE;
  /** Set by the reaper when it ended a read at its deadline; never reset. */
  private volatile boolean expired;
  /** System.nanoTime() by which the current blocking write must end; MAX_VALUE when none. */
  private volatile long writeDeadline = Long.MAX_VALUE;

  /**
   * Each blocking write must finish within the write timeout, and all of them together keep the
   * minimum rate (see {@link WriteRate}), or the connection is closed.
   */
  private final SocketOutput.WriteClock writeClock = new SocketOutput.WriteClock() {
    @Override
    public void begin(long bytes) {
      long now = System.nanoTime();
      if (writeRate != null) writeRate.begin(now, bytes);
      writeDeadline = now + config.writeTimeoutMillis() * 1_000_000L;
    }

    @Override
    public void end() {
      writeDeadline = Long.MAX_VALUE;
      if (writeRate != null) writeRate.end(System.nanoTime());
    }
  };

  ConnectionDeadlines(ServerConfig config) {
    this.config = config;
    this.writeRate = config.minWriteRate() > 0
        ? new WriteRate(config.minWriteRate(), config.writeRateWindowMillis() * 1_000_000L)
        : null;
  }

  /** The clock the connection's {@link SocketOutput} reports its blocking writes to. */
  SocketOutput.WriteClock writeClock() {
    return writeClock;
  }

  /** The next wait for bytes must end by {@code nanoTime}. */
  void readBy(long nanoTime) {
    readDeadline = nanoTime;
  }

  /** No wait for bytes is bounded now (the connection is busy, or closing). */
  void clearRead() {
    readDeadline = Long.MAX_VALUE;
  }

  /** Whether the reaper ended a read at its deadline: an end-of-stream since then is a timeout. */
  boolean expired() {
    return expired;
  }

  /**
   * On the reaper's thread: whether a write is late, or all writes together are too slow (a
   * slow-read attack or a dead peer): nothing more can be said, the connection must close.
   */
  boolean writeLate(long now) {
    return writeDeadline - now < 0 || (writeRate != null && writeRate.tooSlow(now));
  }

  /**
   * On the reaper's thread: true once, when the read deadline has just passed; the caller then
   * shuts the input down so that the waiting read ends.
   */
  boolean expireReadIfLate(long now) {
    if (readDeadline - now < 0 && !expired) {
      expired = true;
      return true;
    }
    return false;
  }
}
