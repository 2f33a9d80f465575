package dev.courier.server;

import dev.courier.http.wire.Http1Parser;
import java.nio.charset.StandardCharsets;

/**
 * Tells h2c with prior knowledge (RFC 9113 section 3.3) from HTTP/1.1 on a fresh plaintext
 * connection by its first bytes: the client preface of RFC 9113 section 3.4 makes it HTTP/2,
 * anything else goes to the HTTP/1.1 parser, the part that matched first.
 *
 * <p>One instance per connection, used only by whoever reads the connection at the time (the
 * {@link ReadyLoop} while parked, its thread otherwise); the state moves between them with the
 * connection's state compare-and-set, which orders the writes before the reads.
 */
final class H2cPreface {
  /** RFC 9113 section 3.4: the client preface that opens h2c with prior knowledge (section 3.3). */
  static final byte[] BYTES = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** Bytes of the preface matched so far, -1 once decided. */
  private int matched;
  /** The bytes read before the handover, preface first, once the whole preface arrived. */
  private byte[] initial;

  /** Whether the first bytes are still being matched. */
  boolean undecided() {
    return matched >= 0;
  }

  /**
   * Matches the next {@code n} bytes read into {@code buffer}; a mismatch feeds everything seen
   * to {@code parser} and decides for HTTP/1.1.
   *
   * @return true when the whole preface arrived: the connection becomes HTTP/2
   */
  boolean offer(byte[] buffer, int n, Http1Parser parser) {
    int i = 0;
    while (i < n && matched + i < BYTES.length && buffer[i] == BYTES[matched + i]) i++;
    if (matched + i == BYTES.length) {
      initial = new byte[BYTES.length + n - i];
      System.arraycopy(BYTES, 0, initial, 0, BYTES.length);
      System.arraycopy(buffer, i, initial, BYTES.length, n - i);
      matched = -1;
      return true;
    }
    if (i == n) {
      matched += n; // still a prefix of the preface: wait for more
      return false;
    }
    if (matched > 0) parser.feed(BYTES, 0, matched);
    matched = -1;
    parser.feed(buffer, 0, n);
    return false;
  }

  /** The bytes read so far, preface first, for {@link H2ServerConnection}; once. */
  byte[] takeInitial() {
    byte[] bytes = initial;
    initial = null;
    return bytes;
  }

  /** Whether the {@code length} bytes of {@code seen} are a prefix of the preface (or all of it). */
  static boolean startsLike(byte[] seen, int length) {
    for (int i = 0, n = Math.min(length, BYTES.length); i < n; i++) {
      if (seen[i] != BYTES[i]) return false;
    }
    return true;
  }
}
