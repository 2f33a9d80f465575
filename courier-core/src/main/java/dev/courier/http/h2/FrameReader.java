package dev.courier.http.h2;

import dev.courier.http.ArrayLender;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Reads HTTP/2 frames from bytes, sans-I/O: {@link #feed} it what the transport gave, in pieces
 * of any size, then call {@link #next()} until it is empty.
 *
 * <p>Theory of operation. The reader buffers at most one frame beyond what it was fed. It checks
 * what can be checked from the frames alone (RFC 9113 §4, §6): the client connection preface
 * (server side, §3.4), that SETTINGS is the first frame (§3.4), the frame size against
 * SETTINGS_MAX_FRAME_SIZE (§4.2), each type's length, stream-id and padding rules, the settings'
 * ranges (§6.5.2), a zero WINDOW_UPDATE increment (§6.9), and that a field block not yet ended is
 * followed only by CONTINUATION frames on its stream (§6.2, §6.10), whose total size it bounds (a
 * CONTINUATION flood is a connection error of type ENHANCE_YOUR_CALM). Stream states, flow-control
 * windows and field validation belong to the connection above it.
 *
 * <p>Errors are {@link H2Exception}s. After a stream error the frame is consumed and reading can
 * go on; after a connection error every later call throws the same exception.
 *
 * <p>Not thread-safe: one reader per connection, used by one thread at a time.
 *
 * <pre>{@code
 * FrameReader reader = FrameReader.forServer();
 * reader.feed(bytes, 0, n);
 * for (Optional<Frame> f = reader.next(); f.isPresent(); f = reader.next()) {
 *   handle(f.get());
 * }
 * }</pre>
 */
public final class FrameReader {
  /** RFC 9113 §3.4: the client connection preface, 24 octets. */
  static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** The frame header: length (24), type (8), flags (8), R + stream id (1 + 31). */
  static final int HEADER_LENGTH = 9;

  /** Default bound on one field block's frames, headers included (see {@link #maxHeaderBlockSize(int)}). */
  public static final int DEFAULT_MAX_HEADER_BLOCK_SIZE = 128 * 1024;

  /** A buffer's length when the reader makes or borrows one: a frame of the default maximum size. */
  private static final int BUFFER_SIZE = HEADER_LENGTH + 16_384;
  /** The buffer of a reader that holds none yet, or gave its own back ({@link #releaseBuffer()}). */
  private static final byte[] NO_BUFFER = new byte[0];

  private byte[] buf = NO_BUFFER;
  private ArrayLender lender; // null: the reader makes its buffers and keeps them
  private IntFunction<byte[]> dataArrays = byte[]::new;
  private int start;
  private int end;

  private int prefaceMatched;
  private boolean settingsSeen;
  private int maxFrameSize = (int) SettingsParameter.MAX_FRAME_SIZE.initialValue();
  private int maxHeaderBlockSize = DEFAULT_MAX_HEADER_BLOCK_SIZE;
  /** The stream of the field block in progress, 0 when none. */
  private int blockStream;
  private long blockBytes;
  private H2Exception failure;

  private FrameReader(boolean expectPreface, boolean expectSettings) {
    this.prefaceMatched = expectPreface ? 0 : PREFACE.length;
    this.settingsSeen = !expectSettings;
  }

  /** A reader for a server: expects the client preface, then a SETTINGS frame (§3.4). */
  public static FrameReader forServer() {
    return new FrameReader(true, true);
  }

  /** A reader for a client: expects the server's SETTINGS frame first (§3.4). */
  public static FrameReader forClient() {
    return new FrameReader(false, true);
  }

  /** A reader in the middle of a connection: no preface, any frame first (tests, fuzzing). */
  static FrameReader midConnection() {
    return new FrameReader(false, false);
  }

  /**
   * Sets the largest payload accepted, our SETTINGS_MAX_FRAME_SIZE (initially 16,384). Raise it
   * when sending the SETTINGS frame that raises it (accepting more early is harmless); lower it
   * only once the peer has acknowledged the SETTINGS frame that lowers it (§6.5.3).
   */
  public FrameReader maxFrameSize(int size) {
    if (!SettingsParameter.MAX_FRAME_SIZE.isValid(size)) {
      throw new IllegalArgumentException("max frame size must be in 16384..16777215, not " + size);
    }
    this.maxFrameSize = size;
    return this;
  }

  /** The largest payload accepted now. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /**
   * Bounds the total size of the frames of one field block (HEADERS or PUSH_PROMISE and its
   * CONTINUATIONs, 9 octets of frame header counted per frame so that empty CONTINUATIONs count
   * too); past it, a connection error ENHANCE_YOUR_CALM. Keep it above the decoded header list
   * limit so that an honest oversized list gets a 431 from the HPACK decoder's limit instead.
   */
  public FrameReader maxHeaderBlockSize(int size) {
    if (size < HEADER_LENGTH) throw new IllegalArgumentException("max header block size too small: " + size);
    this.maxHeaderBlockSize = size;
    return this;
  }

  /** Adds {@code len} bytes from {@code b} at {@code off} to the input. */
  public void feed(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    reserve(len);
    System.arraycopy(b, off, buf, end, len);
    end += len;
  }

  /** Adds the remaining bytes of {@code src} to the input, consuming them. */
  public void feed(ByteBuffer src) {
    int len = src.remaining();
    reserve(len);
    src.get(buf, end, len);
    end += len;
  }

  /**
   * Borrows this reader's buffer from {@code lender} from now on, and gives it back there in
   * {@link #releaseBuffer()}: for a server with many connections waiting between requests.
   */
  public void borrowBuffersFrom(ArrayLender lender) {
    this.lender = Objects.requireNonNull(lender, "lender");
  }

  /**
   * Takes the arrays DATA payloads are copied into from {@code arrays}, called with the payload's
   * length and answering an array of exactly that length (by default a new one each time): for a
   * connection whose body queues give their arrays back once read. A {@link Frame.Data}'s array is
   * then the caller's alone until it gives it back.
   *
   * <pre>{@code
   * FrameReader reader = FrameReader.forClient().dataArraysFrom(pool::take);   // pool.take(length)
   * }</pre>
   */
  public FrameReader dataArraysFrom(IntFunction<byte[]> arrays) {
    this.dataArrays = Objects.requireNonNull(arrays, "arrays");
    return this;
  }

  /**
   * Gives the buffer back to the lender (see {@link #borrowBuffersFrom}) when the reader holds no
   * byte it was fed (frames copy what they keep); the next {@link #feed} borrows another. Without
   * a lender, or with bytes buffered, the reader keeps its buffer.
   */
  public void releaseBuffer() {
    if (lender == null || start != end || buf == NO_BUFFER) return;
    byte[] released = buf;
    buf = NO_BUFFER;
    start = 0;
    end = 0;
    lender.giveBack(released);
  }

  /** Whether the reader holds a buffer now: a released one holds none until fed again. */
  public boolean holdsBuffer() {
    return buf != NO_BUFFER;
  }

  /** Bytes fed but not yet read as frames. */
  public int buffered() {
    return end - start;
  }

  /** Whether a field block has begun and its END_HEADERS frame not yet arrived. */
  public boolean inHeaderBlock() {
    return blockStream != 0;
  }

  private void reserve(int len) {
    if (buf.length - end >= len) return;
    int live = end - start;
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, live);
      start = 0;
      end = live;
    }
    if (buf.length - end < len) {
      buf = ArrayLender.grow(lender, buf, start, live, Math.max(BUFFER_SIZE, live + len));
      start = 0;
      end = live;
    }
  }

  /**
   * The next complete frame, or empty when more bytes are needed.
   *
   * @throws H2Exception when the peer broke a rule; see the class comment for what follows
   */
  public Optional<Frame> next() {
    if (failure != null) throw failure;
    try {
      return Optional.ofNullable(parse());
    } catch (H2Exception e) {
      if (e.isConnectionError()) failure = e;
      throw e;
    }
  }

  private Frame parse() {
    if (prefaceMatched < PREFACE.length && !matchPreface()) return null;
    if (end - start < HEADER_LENGTH) return null;
    int p = start;
    int length = u24(p);
    int type = buf[p + 3] & 0xff;
    int flags = buf[p + 4] & 0xff;
    // §4.1: the reserved bit is ignored on receipt.
    int streamId = FrameDecoder.u31(buf, p + 5);
    if (length > maxFrameSize) {
      // §4.2: a stream error would be allowed for some types, but the connection is the safe
      // choice for all: skipping up to 16 MiB of an unwanted frame buys nothing.
      throw conn(ErrorCode.FRAME_SIZE_ERROR, "frame of " + length + " octets exceeds SETTINGS_MAX_FRAME_SIZE " + maxFrameSize);
    }
    if (end - start < HEADER_LENGTH + length) return null;
    checkSequence(type, flags, streamId, length);
    start += HEADER_LENGTH + length;
    return FrameDecoder.decode(type, flags, streamId, buf, p + HEADER_LENGTH, length, dataArrays);
  }

  /** §3.4: the client preface; compared as bytes arrive so that garbage fails at once. */
  private boolean matchPreface() {
    while (prefaceMatched < PREFACE.length && start < end) {
      if (buf[start] != PREFACE[prefaceMatched]) {
        throw conn(ErrorCode.PROTOCOL_ERROR, "not the HTTP/2 client connection preface");
      }
      start++;
      prefaceMatched++;
    }
    return prefaceMatched == PREFACE.length;
  }

  /** The rules that depend on the frames before this one (§3.4, §6.2, §6.10). */
  private void checkSequence(int type, int flags, int streamId, int length) {
    if (!settingsSeen) {
      if (type != FrameType.SETTINGS.code() || Flags.has(flags, Flags.ACK)) {
        throw conn(ErrorCode.PROTOCOL_ERROR, "the connection preface must begin with a SETTINGS frame");
      }
      settingsSeen = true;
    }
    boolean continuation = type == FrameType.CONTINUATION.code();
    if (blockStream != 0) {
      if (!continuation || streamId != blockStream) {
        throw conn(ErrorCode.PROTOCOL_ERROR, "field block on stream " + blockStream
            + " not continued by CONTINUATION (got type " + type + " on stream " + streamId + ")");
      }
      blockBytes += HEADER_LENGTH + length;
    } else if (continuation) {
      throw conn(ErrorCode.PROTOCOL_ERROR, "CONTINUATION without a field block in progress");
    } else if ((type == FrameType.HEADERS.code() || type == FrameType.PUSH_PROMISE.code()) && streamId != 0) {
      blockBytes = HEADER_LENGTH + length;
    } else {
      return;
    }
    if (blockBytes > maxHeaderBlockSize) {
      throw conn(ErrorCode.ENHANCE_YOUR_CALM, "field block over " + maxHeaderBlockSize + " octets");
    }
    blockStream = Flags.has(flags, Flags.END_HEADERS) ? 0 : streamId;
  }

  private int u24(int p) {
    return (buf[p] & 0xff) << 16 | (buf[p + 1] & 0xff) << 8 | buf[p + 2] & 0xff;
  }

  private static H2Exception conn(ErrorCode code, String message) {
    return H2Exception.connectionError(code, message);
  }
}
