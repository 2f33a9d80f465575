package dev.courier.server;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Judges from the first bytes of a TLS connection, before any handshake, whether the client offers
 * HTTP/2 through ALPN, so that the server can pick the TLS implementation for the connection (the
 * {@code SSLSocket} path for h2, the {@code SSLEngine} path otherwise) and replay the same bytes to
 * it. Sans-I/O: bytes in, a {@link Verdict} out. Being only a routing hint, it never throws; when
 * unsure it answers {@link Verdict#UNKNOWN} and the caller takes the path that handles anything.
 *
 * <p>What it reads:
 * <ul>
 *   <li>TLS records (RFC 8446 section 5.1; the header is the same in TLS 1.2, RFC 5246 section
 *       6.2.1): content type 22 (handshake), version 3.0 to 3.4 ({@code legacy_record_version} is
 *       often 3.1), a fragment of 1 to 2^14 bytes. A handshake message may be split over several
 *       records, so the fragments of consecutive complete records are joined; zero-length handshake
 *       fragments and records of another type before the message ends are refused (section 5.1).
 *   <li>The first handshake message, which must be a ClientHello (RFC 8446 section 4.1.2): legacy
 *       version, random, {@code legacy_session_id<0..32>}, {@code cipher_suites<2..2^16-2>},
 *       {@code legacy_compression_methods<1..2^8-1>}, then the extensions, which TLS 1.2 lets a
 *       client leave out (RFC 5246 section 7.4.1.2) and which must end where the message ends. No
 *       extension type may appear twice (RFC 8446 section 4.2).
 *   <li>The ALPN extension, type 16 (RFC 7301 section 3.1): a non-empty {@code ProtocolNameList}
 *       of names of 1 to 255 bytes, filling the extension exactly. Only the name {@code h2}
 *       (RFC 9113 section 3.2) counts; {@code h2c} or drafts such as {@code h2-14} do not.
 * </ul>
 * Any length that does not fit its enclosing block makes the verdict {@link Verdict#UNKNOWN}.
 * Bytes after the ClientHello (further records, early data) are ignored.
 */
final class ClientHelloAlpn {
  /** What the first bytes say about the client's offer of HTTP/2. */
  enum Verdict {
    /** A well-formed ClientHello whose ALPN extension lists {@code h2}. */
    OFFERS_H2,
    /** A well-formed ClientHello without ALPN, or whose ALPN list lacks {@code h2}. */
    NO_H2,
    /** So far a valid start of a ClientHello: read more bytes and ask again. */
    INCOMPLETE,
    /** Not a ClientHello this class can judge: malformed, not TLS, or too large. */
    UNKNOWN
  }

  /** RFC 8446 section 5.1: a record's fragment is at most 2^14 bytes. */
  private static final int MAX_FRAGMENT = 1 << 14;
  /** The largest ClientHello judged, header included: what one record can carry. */
  static final int MAX_HELLO = MAX_FRAGMENT;
  private static final int RECORD_HEADER = 5;

  /**
   * The most bytes worth reading before giving up: a ClientHello of {@link #MAX_HELLO} bytes split
   * over up to four records, each with its 5-byte header. Real clients send theirs in one record of
   * well under 2 KiB (even with post-quantum key shares); whatever needs more is {@link
   * Verdict#UNKNOWN} by this length at the latest, and is handled by the path that takes anything.
   */
  static final int MAX_BYTES = MAX_HELLO + 4 * RECORD_HEADER;

  private static final int HANDSHAKE = 22;
  private static final int CLIENT_HELLO = 1;
  private static final int ALPN = 16;
  private static final byte[] H2 = {'h', '2'};

  private ClientHelloAlpn() {}

  /**
   * The verdict on the first {@code length} bytes a client sent ({@code length} is clamped to the
   * array). Never {@link Verdict#INCOMPLETE} once {@code length >= MAX_BYTES}.
   */
  static Verdict of(byte[] bytes, int length) {
    int n = Math.max(0, Math.min(length, bytes.length));
    byte[] message = new byte[Math.min(n, MAX_HELLO)];
    int assembled = 0;
    for (int pos = 0; pos < n && !whole(message, assembled); ) {
      int header = Math.min(RECORD_HEADER, n - pos);
      if (!handshakeRecordStart(bytes, pos, header)) return Verdict.UNKNOWN;
      if (header < RECORD_HEADER) break;
      int fragment = (bytes[pos + 3] & 0xff) << 8 | bytes[pos + 4] & 0xff;
      int recordEnd = pos + RECORD_HEADER + fragment;
      if (fragment == 0 || fragment > MAX_FRAGMENT || recordEnd > MAX_BYTES) return Verdict.UNKNOWN;
      if (n - pos - RECORD_HEADER < fragment) break; // only complete records count
      int copied = Math.min(fragment, message.length - assembled);
      System.arraycopy(bytes, pos + RECORD_HEADER, message, assembled, copied);
      assembled += copied;
      pos = recordEnd;
    }
    Verdict verdict = judge(new Cursor(message, assembled));
    return verdict == Verdict.INCOMPLETE && n >= MAX_BYTES ? Verdict.UNKNOWN : verdict;
  }

  /** Whether the {@code present} bytes of a record header at {@code pos} may start a handshake record. */
  private static boolean handshakeRecordStart(byte[] bytes, int pos, int present) {
    return bytes[pos] == HANDSHAKE
        && (present < 2 || bytes[pos + 1] == 3)
        && (present < 3 || (bytes[pos + 2] >= 0 && bytes[pos + 2] <= 4))
        && (present < 4 || (bytes[pos + 3] & 0xff) <= MAX_FRAGMENT >> 8);
  }

  /** Whether the message is assembled: its header and all the body it announces, or a full buffer. */
  private static boolean whole(byte[] message, int assembled) {
    if (assembled == message.length) return true;
    if (assembled < 4) return false;
    int body = (message[1] & 0xff) << 16 | (message[2] & 0xff) << 8 | message[3] & 0xff;
    return assembled >= 4 + body;
  }

  /** Reads the handshake message: a ClientHello (RFC 8446 section 4.1.2) and its extensions. */
  private static Verdict judge(Cursor in) {
    try {
      if (in.u8() != CLIENT_HELLO) return Verdict.UNKNOWN;
      in.limit = in.end(in.u8() << 16 | in.u16()); // a 24-bit length
      in.skip(2 + 32); // legacy_version, random
      in.skip(in.within(in.u8(), 0, 32)); // legacy_session_id<0..32>
      int suites = in.within(in.u16(), 2, 0xfffe); // cipher_suites<2..2^16-2>, two bytes each
      if (suites % 2 != 0) return Verdict.UNKNOWN;
      in.skip(suites);
      in.skip(in.within(in.u8(), 1, 0xff)); // legacy_compression_methods<1..2^8-1>
      if (in.pos == in.limit) return Verdict.NO_H2; // no extensions at all (TLS 1.2)
      int messageEnd = in.limit;
      // TLS 1.2's extensions<0..2^16-1> (RFC 5246 section 7.4.1.2) admits fewer than 1.3's <8..>.
      if (in.end(in.u16()) != messageEnd) return Verdict.UNKNOWN;
      BitSet seen = new BitSet();
      boolean h2 = false;
      while (in.pos < messageEnd) {
        int type = in.u16();
        int dataEnd = in.end(in.u16());
        if (seen.get(type)) return Verdict.UNKNOWN;
        seen.set(type);
        in.limit = dataEnd;
        if (type == ALPN) h2 = listsH2(in);
        in.skip(dataEnd - in.pos);
        in.limit = messageEnd;
      }
      return h2 ? Verdict.OFFERS_H2 : Verdict.NO_H2;
    } catch (Stop stop) {
      return stop.verdict;
    }
  }

  /** Reads a ProtocolNameList (RFC 7301 section 3.1) that must fill the cursor up to its limit. */
  private static boolean listsH2(Cursor in) {
    if (in.end(in.within(in.u16(), 2, 0xffff)) != in.limit) throw Stop.MALFORMED; // <2..2^16-1>
    boolean h2 = false;
    while (in.pos < in.limit) {
      h2 |= in.equalsNext(in.within(in.u8(), 1, 0xff), H2); // ProtocolName<1..2^8-1>
    }
    return h2;
  }

  /** Reads the message so far: past {@link #limit} is malformed, past {@code available} needs more. */
  private static final class Cursor {
    private final byte[] bytes;
    private final int available;
    int pos;
    int limit = MAX_HELLO;

    Cursor(byte[] bytes, int available) {
      this.bytes = bytes;
      this.available = available;
    }

    /** A vector's {@code length} if it is within {@code min..max} (RFC 8446 section 3.4). */
    int within(int length, int min, int max) {
      if (length < min || length > max) throw Stop.MALFORMED;
      return length;
    }

    /** The end of a block of {@code length} bytes starting here, if it fits within the limit. */
    int end(int length) {
      if (length > limit - pos) throw Stop.MALFORMED;
      return pos + length;
    }

    int u8() {
      need(1);
      return bytes[pos++] & 0xff;
    }

    int u16() {
      return u8() << 8 | u8();
    }

    void skip(int n) {
      need(n);
      pos += n;
    }

    /** Reads {@code n} bytes: whether they are exactly {@code expected}. */
    boolean equalsNext(int n, byte[] expected) {
      need(n);
      pos += n;
      return n == expected.length && Arrays.equals(bytes, pos - n, pos, expected, 0, n);
    }

    private void need(int n) {
      if (n > limit - pos) throw Stop.MALFORMED;
      if (n > available - pos) throw Stop.NEED_MORE;
    }
  }

  /** Ends the reading with a verdict; shared, without a stack trace, as it is only control flow. */
  private static final class Stop extends RuntimeException {
    static final Stop NEED_MORE = new Stop(Verdict.INCOMPLETE);
    static final Stop MALFORMED = new Stop(Verdict.UNKNOWN);
    final Verdict verdict;

    private Stop(Verdict verdict) {
      super(null, null, false, false);
      this.verdict = verdict;
    }
  }
}
