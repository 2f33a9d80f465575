package dev.courier.server;

import dev.courier.http.HttpDate;
import dev.courier.http.wire.Http1Writer;
import dev.courier.http.wire.HttpVersion;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The parts of response heads one server writes again and again, encoded once by the codec's
 * writer ({@link Http1Writer#statusLine}, {@link Http1Writer#fieldLine}) and kept as bytes: the
 * status lines, this server's {@code Server} field, and the {@code Date} field of the current
 * second by this server's clock (RFC 9110 section 6.6.1: a server with a clock sends Date). So a
 * small response costs no encoding and no allocation, and each server sends its own Server field.
 *
 * <p>Thread-safe: connections of one server share it.
 */
final class ResponseHeads {
  private static final byte[] NONE = new byte[0];
  /** Status lines of 200 to 599, the codes a {@link ServerResponse} may have; the same for every server. */
  private static final byte[][] STATUS_LINES = new byte[600][];

  static {
    for (int status = 200; status < 600; status++) {
      STATUS_LINES[status] = Http1Writer.statusLine(status, StatusText.phrase(status));
    }
  }

  /** The Date field of one second, alone and followed by the Server field. */
  private record DateLines(long second, byte[] alone, byte[] withServer) {}

  private final InstantSource clock;
  private final byte[] serverLine;
  private volatile DateLines date = new DateLines(Long.MIN_VALUE, NONE, NONE);
  private final boolean http10;
  private final byte[][] http10Lines;

  /** Heads with {@code Server: serverHeader} (none when empty) and Dates from {@code clock}. */
  ResponseHeads(String serverHeader, InstantSource clock) {
    this(serverHeader, clock, HttpVersion.HTTP_1_1);
  }

  /** As above, with status lines of {@code protocol} (HTTP/1.1, or HTTP/1.0 to answer as a 1.0 server). */
  ResponseHeads(String serverHeader, InstantSource clock, HttpVersion protocol) {
    this.clock = clock;
    this.serverLine = serverHeader.isEmpty() ? NONE : Http1Writer.fieldLine("Server", serverHeader);
    this.http10 = protocol == HttpVersion.HTTP_1_0;
    this.http10Lines = http10 ? new byte[600][] : null;
    if (http10) {
      for (int status = 200; status < 600; status++) {
        byte[] line = STATUS_LINES[status].clone();
        line[7] = '0'; // "HTTP/1.1 ..." -> "HTTP/1.0 ...": same length, same status and phrase
        http10Lines[status] = line;
      }
    }
  }

  /** True when this server answers as HTTP/1.0: no chunked bodies, a close after each response. */
  boolean http10() {
    return http10;
  }

  /** The status line of this server's version. */
  byte[] statusLineOf(int status) {
    byte[] line = statusLine(status);
    return http10 ? http10Lines[status] : line;
  }

  /** {@code HTTP/1.1 <status> <phrase>\r\n}. */
  static byte[] statusLine(int status) {
    byte[] line = status >= 200 && status < 600 ? STATUS_LINES[status] : null;
    if (line == null) throw new IllegalArgumentException("status must be 200-599: " + status);
    return line;
  }

  /**
   * The server's own field lines for a response whose handler set {@code Date} or {@code Server}
   * itself (those are then left to the handler): Date of the current second, then Server.
   */
  byte[] ownFields(boolean handlerSetDate, boolean handlerSetServer) {
    if (handlerSetDate) return handlerSetServer ? NONE : serverLine;
    DateLines lines = dateLines();
    return handlerSetServer ? lines.alone : lines.withServer;
  }

  private DateLines dateLines() {
    long second = Math.floorDiv(clock.millis(), 1000);
    DateLines current = date;
    if (current.second != second) {
      // Renewed once a second; two threads may both renew it, with the same bytes.
      byte[] alone = Http1Writer.fieldLine("Date", HttpDate.format(Instant.ofEpochSecond(second)));
      byte[] withServer = new byte[alone.length + serverLine.length];
      System.arraycopy(alone, 0, withServer, 0, alone.length);
      System.arraycopy(serverLine, 0, withServer, alone.length, serverLine.length);
      current = new DateLines(second, alone, withServer);
      date = current;
    }
    return current;
  }
}
