package dev.courier.http.h2;

/**
 * The stream identifiers the peer opens (RFC 9113 section 5.1.1): a client's are odd, a server's
 * even (we never enable push, so a server opens none), and each new one is larger than every
 * one before. Anything else is a connection error PROTOCOL_ERROR.
 *
 * <pre>{@code
 * StreamIds ids = StreamIds.fromClient();
 * ids.open(1); ids.open(5);
 * ids.isNew(3);   // false: 3 is below 5, so closed (section 5.1.1: skipped ids are closed)
 * }</pre>
 */
public final class StreamIds {
  private final boolean clientSide;
  private int last;

  private StreamIds(boolean clientSide) {
    this.clientSide = clientSide;
  }

  /** The ids a client opens: odd ones, as a server sees them. */
  public static StreamIds fromClient() {
    return new StreamIds(true);
  }

  /** The ids a server opens: even ones (promised streams), as a client sees them. */
  public static StreamIds fromServer() {
    return new StreamIds(false);
  }

  /** The largest id opened so far, 0 before any: GOAWAY's last-stream-id. */
  public int last() {
    return last;
  }

  /** Whether {@code id} would open a new stream (above every id seen so far). */
  public boolean isNew(int id) {
    return id > last;
  }

  /**
   * Records {@code id} as the peer's newest stream.
   *
   * @throws H2Exception PROTOCOL_ERROR when the id has the wrong parity or is not above the last
   */
  public void open(int id) {
    boolean odd = (id & 1) == 1;
    if (id <= 0 || odd != clientSide) {
      throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR,
          "stream " + id + " cannot be opened by the " + (clientSide ? "client" : "server"));
    }
    if (id <= last) {
      throw H2Exception.connectionError(ErrorCode.PROTOCOL_ERROR,
          "stream " + id + " is not above the last stream " + last + " (section 5.1.1)");
    }
    last = id;
  }
}
