package dev.courier.testing;

/**
 * When a {@link Cassette} records and when it replays; the names and meanings are VCR.py's record
 * modes.
 *
 * <pre>{@code
 * Cassette.builder(Path.of("src/test/resources/cassettes/users.json"))
 *     .mode(CassetteMode.NONE)   // on CI: never touch the network
 *     .build();
 * }</pre>
 */
public enum CassetteMode {
  /**
   * Record when the file does not exist yet, then replay only: once the cassette is on disk a
   * request it does not hold fails. The default.
   */
  ONCE,
  /** Replay what the file holds and record the requests it does not, adding them to the file. */
  NEW_EPISODES,
  /** Replay only, never the network: a request the file does not hold fails, naming it. */
  NONE,
  /** Record every request again and replace the file; never replay. */
  ALL
}
