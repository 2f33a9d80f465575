package dev.courier.http.h2;

import dev.courier.http.ArrayLender;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Writes HTTP/2 frames as bytes, sans-I/O: each {@code write...} call appends frames to an
 * internal buffer that the caller drains into its transport ({@link #drainTo(ByteBuffer)}, {@link
 * #drainTo(byte[], int, int)}, {@link #drain()}). Field blocks longer than the peer's
 * SETTINGS_MAX_FRAME_SIZE are split into HEADERS (or PUSH_PROMISE) and CONTINUATION frames (§4.3,
 * §6.10), and DATA into several frames, END_STREAM on the last only.
 *
 * <p>Arguments a peer would reject (stream 0 for DATA, an increment of 0, ...) are our own bug and
 * throw {@link IllegalArgumentException}. Not thread-safe.
 *
 * <pre>{@code
 * FrameWriter writer = new FrameWriter();
 * writer.writePreface();                          // client side
 * writer.writeSettings(Settings.DEFAULTS);
 * writer.writeHeaders(1, block, 0, block.length, true);
 * transport.write(writer.drain());
 * }</pre>
 */
public final class FrameWriter {
  /** HEADERS carries no priority fields: shared, never written to. */
  private static final byte[] NO_FIELDS = new byte[0];

  /** The buffer of a writer that lends its own and gave it back ({@link #releaseBuffer()}). */
  private static final byte[] NO_BUFFER = new byte[0];

  private byte[] out = new byte[1024];
  private ArrayLender lender; // null: the writer makes its buffer and keeps it
  private int start;
  private int end;
  private int maxFrameSize = (int) SettingsParameter.MAX_FRAME_SIZE.initialValue();

  /** A writer with the initial SETTINGS_MAX_FRAME_SIZE of 16,384. */
  public FrameWriter() {}

  /** Sets the peer's SETTINGS_MAX_FRAME_SIZE: no frame written after this is larger. */
  public FrameWriter maxFrameSize(int size) {
    if (!SettingsParameter.MAX_FRAME_SIZE.isValid(size)) {
      throw new IllegalArgumentException("max frame size must be in 16384..16777215, not " + size);
    }
    this.maxFrameSize = size;
    return this;
  }

  /** The largest payload this writer puts in one frame. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /**
   * Borrows the buffer from {@code lender} from now on and gives it back on {@link
   * #releaseBuffer()}, as {@link FrameReader#borrowBuffersFrom} does: for a server with many
   * connections waiting between requests. Call it before the first write.
   */
  public void borrowBuffersFrom(ArrayLender lender) {
    this.lender = Objects.requireNonNull(lender, "lender");
    if (end == 0) out = NO_BUFFER;
  }

  /**
   * Gives the buffer back to the lender (see {@link #borrowBuffersFrom}) when every frame written
   * was drained; the next write borrows another. Without a lender, or with bytes waiting, the
   * writer keeps its buffer.
   */
  public void releaseBuffer() {
    if (lender == null || start != end || out == NO_BUFFER) return;
    byte[] released = out;
    out = NO_BUFFER;
    start = 0;
    end = 0;
    lender.giveBack(released);
  }

  /** Whether the writer holds a buffer now: a released one holds none until it writes again. */
  public boolean holdsBuffer() {
    return out != NO_BUFFER;
  }

  // ---- frames ----

  /** §3.4: the client connection preface (follow it with {@link #writeSettings}). */
  public void writePreface() {
    put(FrameReader.PREFACE, 0, FrameReader.PREFACE.length);
  }

  /** DATA for {@code streamId}, split at the max frame size; END_STREAM on the last frame if asked. */
  public void writeData(int streamId, byte[] b, int off, int len, boolean endStream) {
    Objects.checkFromIndexSize(off, len, b.length);
    requireStream(streamId, "DATA");
    do {
      int n = Math.min(len, maxFrameSize);
      boolean last = n == len;
      header(n, FrameType.DATA, last && endStream ? Flags.END_STREAM : 0, streamId);
      put(b, off, n);
      off += n;
      len -= n;
    } while (len > 0);
  }

  /**
   * A field block for {@code streamId} as HEADERS and, when longer than the max frame size,
   * CONTINUATION frames (§6.2, §6.10); END_STREAM on HEADERS if asked.
   */
  public void writeHeaders(int streamId, byte[] block, int off, int len, boolean endStream) {
    Objects.checkFromIndexSize(off, len, block.length);
    requireStream(streamId, "HEADERS");
    headerBlock(FrameType.HEADERS, endStream ? Flags.END_STREAM : 0, streamId, NO_FIELDS, block, off, len);
  }

  /** A PUSH_PROMISE on {@code streamId} reserving {@code promisedStreamId}, with CONTINUATIONs as needed. */
  public void writePushPromise(int streamId, int promisedStreamId, byte[] block, int off, int len) {
    Objects.checkFromIndexSize(off, len, block.length);
    requireStream(streamId, "PUSH_PROMISE");
    requireStream(promisedStreamId, "a promised stream");
    headerBlock(FrameType.PUSH_PROMISE, 0, streamId, u32(promisedStreamId), block, off, len);
  }

  /** §6.3 PRIORITY; {@code weight} 1 to 256. */
  public void writePriority(int streamId, int streamDependency, boolean exclusive, int weight) {
    requireStream(streamId, "PRIORITY");
    byte[] fields = priorityFields(streamDependency, exclusive, weight);
    header(5, FrameType.PRIORITY, 0, streamId);
    put(fields, 0, 5);
  }

  /** §6.4 RST_STREAM. */
  public void writeRstStream(int streamId, ErrorCode code) {
    writeRstStream(streamId, code.code());
  }

  /** §6.5 SETTINGS carrying the parameters {@code settings} sets explicitly. */
  public void writeSettings(Settings settings) {
    Map<SettingsParameter, Long> entries = settings.entries();
    header(entries.size() * 6, FrameType.SETTINGS, 0, 0);
    for (Map.Entry<SettingsParameter, Long> e : entries.entrySet()) {
      int id = e.getKey().id();
      put(new byte[] {(byte) (id >>> 8), (byte) id}, 0, 2);
      put(u32(e.getValue()), 0, 4);
    }
  }

  /** §6.5.3: the acknowledgement of the peer's SETTINGS. */
  public void writeSettingsAck() {
    header(0, FrameType.SETTINGS, Flags.ACK, 0);
  }

  /** §6.7 PING with 8 octets of opaque data. */
  public void writePing(long opaqueData) {
    ping(false, opaqueData);
  }

  /** §6.7: the answer to a PING, echoing its data. */
  public void writePingAck(long opaqueData) {
    ping(true, opaqueData);
  }

  /** §6.8 GOAWAY with the last stream processed, an error code and debug text (may be empty). */
  public void writeGoAway(int lastStreamId, ErrorCode code, String debug) {
    writeGoAway(lastStreamId, code.code(), debug.getBytes(StandardCharsets.UTF_8));
  }

  /** §6.9 WINDOW_UPDATE; {@code increment} 1 to 2^31-1; stream 0 for the connection. */
  public void writeWindowUpdate(int streamId, int increment) {
    if (streamId < 0) throw new IllegalArgumentException("negative stream id " + streamId);
    if (increment <= 0) throw new IllegalArgumentException("window increment must be 1..2^31-1, not " + increment);
    header(4, FrameType.WINDOW_UPDATE, 0, streamId);
    put(u32(increment), 0, 4);
  }

  /**
   * Any frame as given, including padding, priority fields, flags such as END_HEADERS on a
   * HEADERS that the caller continues itself, and extension frames. Sizes are checked against
   * the max frame size; nothing is split.
   */
  public void write(Frame frame) {
    switch (frame) {
      case Frame.Data d -> padded(FrameType.DATA.code(), d.endStream() ? Flags.END_STREAM : 0, d.streamId(),
          new byte[0], d.data(), d.padding());
      case Frame.Headers h -> padded(FrameType.HEADERS.code(),
          (h.endStream() ? Flags.END_STREAM : 0) | (h.endHeaders() ? Flags.END_HEADERS : 0)
              | (h.priority().isPresent() ? Flags.PRIORITY : 0),
          h.streamId(), h.priority().map(pr -> priorityFields(pr.streamDependency(), pr.exclusive(), pr.weight()))
              .orElse(new byte[0]), h.fragment(), h.padding());
      case Frame.Priority pr -> writePriority(pr.streamId(), pr.streamDependency(), pr.exclusive(), pr.weight());
      case Frame.RstStream r -> writeRstStream(r.streamId(), r.errorCode());
      case Frame.Settings s -> {
        if (s.ack()) writeSettingsAck();
        else writeSettings(s.settings());
      }
      case Frame.PushPromise pp -> padded(FrameType.PUSH_PROMISE.code(), pp.endHeaders() ? Flags.END_HEADERS : 0,
          pp.streamId(), u32(pp.promisedStreamId()), pp.fragment(), pp.padding());
      case Frame.Ping p -> ping(p.ack(), p.opaqueData());
      case Frame.GoAway g -> writeGoAway(g.lastStreamId(), g.errorCode(), g.debugData());
      case Frame.WindowUpdate w -> writeWindowUpdate(w.streamId(), w.increment());
      case Frame.Continuation c -> {
        checkSize(c.fragment().length);
        header(c.fragment().length, FrameType.CONTINUATION, c.endHeaders() ? Flags.END_HEADERS : 0, c.streamId());
        put(c.fragment(), 0, c.fragment().length);
      }
      case Frame.Unknown u -> {
        checkSize(u.payload().length);
        rawHeader(u.payload().length, u.type(), u.flags(), u.streamId());
        put(u.payload(), 0, u.payload().length);
      }
    }
  }

  // ---- output ----

  /** Bytes written and not yet drained. */
  public int size() {
    return end - start;
  }

  /** Whether nothing is waiting to be drained. */
  public boolean isEmpty() {
    return end == start;
  }

  /** Moves as many bytes as fit into {@code dst}; returns how many. */
  public int drainTo(ByteBuffer dst) {
    int n = Math.min(dst.remaining(), end - start);
    dst.put(out, start, n);
    consumed(n);
    return n;
  }

  /** Moves up to {@code len} bytes into {@code dst} at {@code off}; returns how many. */
  public int drainTo(byte[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    int n = Math.min(len, end - start);
    System.arraycopy(out, start, dst, off, n);
    consumed(n);
    return n;
  }

  /** Everything written so far, and the writer emptied. */
  public byte[] drain() {
    byte[] all = Arrays.copyOfRange(out, start, end);
    start = end = 0;
    return all;
  }

  // ---- machinery ----

  private void writeRstStream(int streamId, long code) {
    requireStream(streamId, "RST_STREAM");
    header(4, FrameType.RST_STREAM, 0, streamId);
    put(u32(code), 0, 4);
  }

  private void writeGoAway(int lastStreamId, long code, byte[] debug) {
    if (lastStreamId < 0) throw new IllegalArgumentException("negative last stream id " + lastStreamId);
    // Debug data is advisory: cut it rather than fail when it would not fit one frame.
    int n = Math.min(debug.length, maxFrameSize - 8);
    header(8 + n, FrameType.GOAWAY, 0, 0);
    put(u32(lastStreamId), 0, 4);
    put(u32(code), 0, 4);
    put(debug, 0, n);
  }

  private void ping(boolean ack, long data) {
    header(8, FrameType.PING, ack ? Flags.ACK : 0, 0);
    put(u32(data >>> 32), 0, 4);
    put(u32(data), 0, 4);
  }

  /** A field block: the first frame carries {@code fixed} fields, CONTINUATIONs carry the rest. */
  private void headerBlock(FrameType type, int flags, int streamId, byte[] fixed, byte[] block, int off, int len) {
    int n = Math.min(len, maxFrameSize - fixed.length);
    boolean last = n == len;
    header(fixed.length + n, type, flags | (last ? Flags.END_HEADERS : 0), streamId);
    put(fixed, 0, fixed.length);
    put(block, off, n);
    off += n;
    len -= n;
    while (len > 0) {
      n = Math.min(len, maxFrameSize);
      header(n, FrameType.CONTINUATION, n == len ? Flags.END_HEADERS : 0, streamId);
      put(block, off, n);
      off += n;
      len -= n;
    }
  }

  /** A frame with optional padding ({@code padding}: the Pad Length octet and the padding, or 0). */
  private void padded(int type, int flags, int streamId, byte[] fixed, byte[] body, int padding) {
    if (padding < 0 || padding > 256) throw new IllegalArgumentException("padding must be 0..256, not " + padding);
    requireStream(streamId, "a frame of type " + type);
    int length = fixed.length + body.length + padding;
    checkSize(length);
    rawHeader(length, type, flags | (padding > 0 ? Flags.PADDED : 0), streamId);
    if (padding > 0) put(new byte[] {(byte) (padding - 1)}, 0, 1);
    put(fixed, 0, fixed.length);
    put(body, 0, body.length);
    if (padding > 1) put(new byte[padding - 1], 0, padding - 1);
  }

  private static byte[] priorityFields(int streamDependency, boolean exclusive, int weight) {
    if (weight < 1 || weight > 256) throw new IllegalArgumentException("weight must be 1..256, not " + weight);
    if (streamDependency < 0) throw new IllegalArgumentException("negative stream dependency " + streamDependency);
    byte[] f = new byte[5];
    System.arraycopy(u32(streamDependency | (exclusive ? 0x8000_0000 : 0)), 0, f, 0, 4);
    f[4] = (byte) (weight - 1);
    return f;
  }

  private void checkSize(int length) {
    if (length > maxFrameSize) {
      throw new IllegalArgumentException("frame payload of " + length + " octets exceeds max frame size " + maxFrameSize);
    }
  }

  private static void requireStream(int streamId, String what) {
    if (streamId <= 0) throw new IllegalArgumentException(what + " needs a stream id above 0, not " + streamId);
  }

  private void header(int length, FrameType type, int flags, int streamId) {
    rawHeader(length, type.code(), flags, streamId);
  }

  private void rawHeader(int length, int type, int flags, int streamId) {
    reserve(FrameReader.HEADER_LENGTH);
    out[end] = (byte) (length >>> 16);
    out[end + 1] = (byte) (length >>> 8);
    out[end + 2] = (byte) length;
    out[end + 3] = (byte) type;
    out[end + 4] = (byte) flags;
    out[end + 5] = (byte) ((streamId >>> 24) & 0x7f);
    out[end + 6] = (byte) (streamId >>> 16);
    out[end + 7] = (byte) (streamId >>> 8);
    out[end + 8] = (byte) streamId;
    end += FrameReader.HEADER_LENGTH;
  }

  private void put(byte[] b, int off, int len) {
    reserve(len);
    System.arraycopy(b, off, out, end, len);
    end += len;
  }

  private void reserve(int len) {
    if (out.length - end >= len) return;
    int live = end - start;
    if (start > 0) {
      System.arraycopy(out, start, out, 0, live);
      start = 0;
      end = live;
    }
    if (out.length - end < len) out = ArrayLender.grow(lender, out, 0, live, live + len);
  }

  private void consumed(int n) {
    start += n;
    if (start == end) start = end = 0;
  }

  private static byte[] u32(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }
}
