package dev.courier.server;

import dev.courier.internal.TlsRecords;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The buffered byte sink of one connection. Heads and small bodies are gathered in one array and
 * leave in one write. On a non-blocking plain channel (the selector-driven path, see {@link
 * ReadyLoop}) file regions go straight from the page cache to the socket with {@link
 * FileChannel#transferTo} (sendfile on Linux), which then never blocks a carrier: a full send
 * buffer makes it return 0 and the connection's own virtual thread parks until the socket is
 * writable; the head and the region's first 64 KiB go ahead of it in one write ({@link
 * #writeFirstSegment}). On a blocking channel a virtual thread copies files through the buffer
 * instead. Over TLS on the selector-driven path ({@link TlsChannel}) files are copied through the
 * buffer too (TLS must encrypt every byte), and a write is done only when its last record has
 * left: what the socket did not take of a record waits in the TLS channel and counts as buffered.
 *
 * <p>Every blocking write is at most {@link #MAX_WRITE} bytes and is timed on its own by the
 * {@link WriteClock}: the write timeout bounds a write that makes no progress, so a client that
 * stops reading is cut off, while one that reads slowly but steadily gets a file of any size.
 * Everything is sent on the connection's own thread: no shared pool that a few clients that never
 * read could fill.
 *
 * <p>The buffer is one of the {@link WorkingBuffers}, taken at the first byte written and given
 * back by {@link #releaseBuffer} when the connection goes idle with nothing buffered, so that an
 * idle keep-alive connection holds none.
 */
final class SocketOutput extends OutputStream {
  /** Buffer size: holds a typical head plus a small body, so most responses cost one write. */
  static final int BUFFER_SIZE = WorkingBuffers.SIZE;

  /** Marks the start and end of each blocking write so a stalled or slow reader can be cut off. */
  interface WriteClock {
    /** A blocking write of {@code bytes} begins. */
    void begin(long bytes);

    /** The write begun last returned (all its bytes taken) or failed. */
    void end();
  }

  /** Parks the connection's thread until its non-blocking channel can take more bytes. */
  interface Writable {
    /** Returns when the socket is writable; throws when the connection closed or timed out meanwhile. */
    void await() throws IOException;
  }

  private final OutputStream out; // null on a non-blocking channel
  private final SocketChannel channel; // null for TLS: no zero-copy
  /** Where non-blocking writes go: the plain channel, or the TLS channel over it; null when blocking. */
  private final ByteChannel sink;
  private final TlsChannel tls; // null on plaintext and on the blocking path
  /** Over TLS, whether the buffer and large writes leave in whole records (HTTP/1.1; see {@link #TLS_RECORD}). */
  private final boolean wholeRecords;
  private final Writable writable; // non-null only on a non-blocking channel
  private final WriteClock clock;
  /** Lent by {@link WorkingBuffers} while the connection works; null while it is idle. */
  private byte[] buf;
  private ByteBuffer bufView; // the lent buffer over buf, for non-blocking writes; null with buf
  private int count;
  /** True while the read loop's own thread writes (a non-blocking handler's answer): never wait. */
  private boolean onLoop;
  /** The loop's direct buffer while {@link #onLoop}: heap bytes are copied into it once and written from it. */
  private ByteBuffer loopBuffer;
  /** What the socket did not take while {@link #onLoop}, in order; sent first by the next writer that may wait. */
  private ArrayDeque<ByteBuffer> spilled;

  /** Writes to a blocking stream ({@code channel} is the plain channel under it, or null for TLS). */
  SocketOutput(OutputStream out, SocketChannel channel, WriteClock clock) {
    this.out = out;
    this.channel = channel;
    this.sink = null;
    this.tls = null;
    this.writable = null;
    this.clock = clock;
    this.wholeRecords = false;
  }

  /** Writes to the non-blocking {@code channel}, waiting with {@code writable} when it is full. */
  SocketOutput(SocketChannel channel, Writable writable, WriteClock clock) {
    this(channel, null, writable, clock, false);
  }

  /**
   * Writes through TLS to its non-blocking channel, waiting with {@code writable} when it is full;
   * {@code wholeRecords} makes a large body leave in whole records ({@link #TLS_RECORD}).
   */
  SocketOutput(TlsChannel tls, Writable writable, WriteClock clock, boolean wholeRecords) {
    this(null, tls, writable, clock, wholeRecords);
  }

  private SocketOutput(SocketChannel channel, TlsChannel tls, Writable writable, WriteClock clock,
      boolean wholeRecords) {
    this.out = null;
    this.channel = channel;
    this.tls = tls;
    this.sink = tls != null ? tls : channel;
    this.writable = writable;
    this.clock = clock;
    this.wholeRecords = tls != null && wholeRecords;
  }

  /** Takes a buffer when the connection has none: at its first byte since it was idle. */
  private void ensureBuffer() {
    if (buf != null) return;
    bufView = WorkingBuffers.SHARED.take();
    buf = bufView.array();
  }

  /**
   * Gives the buffer back when nothing waits in it, as the connection goes idle; the next write
   * takes one again. Called only by the thread that owns the connection, before it hands it over.
   */
  void releaseBuffer() {
    if (buf == null || count > 0) return;
    WorkingBuffers.SHARED.give(bufView);
    buf = null;
    bufView = null;
  }

  /** Whether the output holds a buffer now; an idle connection's holds none. */
  boolean holdsBuffer() {
    return buf != null;
  }

  /**
   * One full TLS record's plaintext ({@link TlsRecords#PLAINTEXT}). Over TLS the buffer leaves in
   * records of exactly this much: filled to its 17 KiB it left as a full record and a short one (a
   * 1 MiB file took 128 records instead of 65; with whole ones the server's CPU per file fell by a
   * quarter in an A/B, session 27). HTTP/1.1 packs its writes here ({@code wholeRecords}); HTTP/2
   * cuts its DATA frames to fill a record each and writes whole records of them ({@link
   * H2Output#dataFrameSize}), since its writer flushes each batch: packing its writes here instead
   * gained nothing and cost 12–15% more CPU per 1 MiB download over TLS in an A/B.
   */
  static final int TLS_RECORD = TlsRecords.PLAINTEXT;

  /** How much the buffer gathers before it leaves: a whole TLS record, or all of it on plaintext. */
  private int capacity() {
    return wholeRecords ? TLS_RECORD : buf.length;
  }

  @Override
  public void write(int b) throws IOException {
    ensureBuffer();
    if (count >= capacity()) drain();
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureBuffer();
    int capacity = capacity();
    if (len <= capacity - count) {
      System.arraycopy(b, off, buf, count, len);
      count += len;
      return;
    }
    if (wholeRecords) {
      writeWholeRecords(b, off, len);
      return;
    }
    drain();
    if (len >= buf.length && writable != null) {
      writeNonBlocking(ByteBuffer.wrap(b, off, len));
    } else if (len >= buf.length) {
      // In slices, each timed: one deadline for a large array would cut off a slow steady reader.
      for (int end = off + len; off < end; ) {
        int n = Math.min(MAX_WRITE, end - off);
        clock.begin(n);
        try {
          out.write(b, off, n);
        } finally {
          clock.end();
        }
        off += n;
      }
    } else {
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }
  }

  /**
   * Over TLS, writes {@code len} bytes that do not fit the buffer as whole records: the buffer is
   * topped up and leaves as one, the array's whole records go straight from it, and what is left
   * (less than a record) waits in the buffer for the next write or the flush.
   */
  private void writeWholeRecords(byte[] b, int off, int len) throws IOException {
    if (count > 0) {
      int topUp = TLS_RECORD - count;
      System.arraycopy(b, off, buf, count, topUp);
      count = TLS_RECORD;
      off += topUp;
      len -= topUp;
      drain();
    }
    int whole = len - len % TLS_RECORD;
    if (whole > 0) writeNonBlocking(ByteBuffer.wrap(b, off, whole));
    System.arraycopy(b, off + whole, buf, 0, len - whole);
    count = len - whole;
  }

  /**
   * Sends {@code length} bytes of {@code file} from {@code position}.
   *
   * @throws IOException also when the file ends early (it shrank): the framing is then broken
   *     and the caller must close the connection
   */
  void transferFrom(FileChannel file, long position, long length) throws IOException {
    ensureBuffer();
    if (spilled != null && !onLoop) sendSpilled();
    // FileChannel.transferTo to a socket blocks the carrier thread in sendfile (measured on JDK
    // 25: the whole region in one blocking call on the carrier), which would stall every other
    // connection on that carrier while a slow client reads. A virtual thread therefore copies
    // through the buffer (a socket write parks it, freeing the carrier); handing sendfile to a
    // shared pool instead let 64 clients that never read starve every other download. On a
    // non-blocking channel sendfile takes what fits in the send buffer and returns at once.
    // On the loop nothing may overtake bytes kept spilled: the region then follows them through the buffer.
    if (writable != null && channel != null && count + length > buf.length && spilled == null) {
      long sent = writeFirstSegment(file, position, length);
      position += sent;
      length -= sent;
      if (length == 0) return;
      if (length >= ZERO_COPY_THRESHOLD) {
        drain();
        sendFileNonBlocking(file, position, length);
        return;
      }
    }
    if (channel != null && length >= ZERO_COPY_THRESHOLD && !Thread.currentThread().isVirtual()) {
      drain();
      sendFile(file, position, length);
      return;
    }
    ByteBuffer view = ByteBuffer.wrap(buf);
    int capacity = capacity(); // over TLS, each buffer's worth leaves as one whole record
    long remaining = length;
    while (remaining > 0) {
      if (count >= capacity) drain();
      view.limit((int) Math.min(capacity, count + remaining)).position(count);
      int n = file.read(view, position);
      if (n < 0) throw new IOException("file shrank while being sent");
      count += n;
      position += n;
      remaining -= n;
    }
  }

  /**
   * On a non-blocking channel, sends what is buffered (the head) and the region's first bytes in
   * one write of up to {@link SegmentBuffers#SIZE} bytes, so they leave as one full segment, as
   * nginx's {@code tcp_nopush} (TCP_CORK) makes them. Written apart, the head left alone in a small
   * pushed segment, and the client paid for it: wrk's CPU per 1 MiB response on loopback was about
   * 1,000 µs that way against 520 to 650 µs with the head joined (and nginx's 520 to 760), for two
   * 64 KiB copies here that sendfile would not make. A file of up to 64 KiB less its head leaves
   * whole in this write; one that fits the connection's buffer stays there instead, so pipelined
   * answers still leave together. Never waits: what the socket did not take, the caller sends, the
   * head from the buffer and the file again from the file.
   *
   * @return the file bytes sent (0 when no shared buffer was free or the head did not all fit)
   */
  private long writeFirstSegment(FileChannel file, long position, long length) throws IOException {
    ByteBuffer segment = SegmentBuffers.take();
    if (segment == null) return 0;
    try {
      int head = count;
      segment.put(buf, 0, head);
      segment.limit(head + (int) Math.min(length, segment.capacity() - head));
      while (segment.hasRemaining()) {
        if (file.read(segment, position + segment.position() - head) < 0) {
          throw new IOException("file shrank while being sent");
        }
      }
      segment.flip();
      channel.write(segment);
      int written = segment.position();
      if (written >= head) {
        count = 0;
        return written - head;
      }
      // The socket took part of the head only: the rest stays buffered, ahead of the whole region.
      System.arraycopy(buf, written, buf, 0, head - written);
      count = head - written;
      return 0;
    } finally {
      SegmentBuffers.give(segment);
    }
  }

  /** Below this, a region is copied through the buffer: one write beats a write plus a sendfile. */
  static final int ZERO_COPY_THRESHOLD = 64 * 1024;

  /**
   * Whether a file region of {@code length} bytes is copied (read into a buffer and written)
   * rather than sent with sendfile: then its writing waits for nothing but the file's reads, and
   * the read loop may write it ({@link #onLoop}), what the socket does not take being kept.
   */
  static boolean copiesRegion(long length) {
    return length < ZERO_COPY_THRESHOLD;
  }

  /**
   * The most one blocking write sends, so the write timeout measures progress rather than the
   * whole body: 64 KiB per write timeout is about 1 KiB/s at the 60 s default, a client that reads
   * at all keeps its connection.
   */
  static final int MAX_WRITE = 64 * 1024;

  /** The most one timed write sends: {@link #MAX_WRITE}, over TLS in whole records, so no chunk ends short. */
  private int timedChunk() {
    return tls != null ? MAX_WRITE - MAX_WRITE % TLS_RECORD : MAX_WRITE;
  }

  private void sendFile(FileChannel file, long position, long length) throws IOException {
    long end = position + length;
    while (position < end) {
      long n;
      long slice = Math.min(MAX_WRITE, end - position);
      clock.begin(slice);
      try {
        n = file.transferTo(position, slice, channel);
      } finally {
        clock.end();
      }
      if (n <= 0 && position >= file.size()) throw new IOException("file shrank while being sent");
      position += Math.max(0, n);
    }
  }

  /**
   * Sends a file region from the page cache with sendfile, never blocking: when the send buffer is
   * full the thread waits for writability. As with blocking writes, at most {@link #MAX_WRITE}
   * bytes are timed at once, so the write timeout and the minimum rate see progress chunk by chunk.
   */
  private void sendFileNonBlocking(FileChannel file, long position, long length) throws IOException {
    long end = position + length;
    long timedLeft = 0; // bytes still to go in the timed chunk, 0 when the clock is not running
    try {
      while (position < end) {
        long n = file.transferTo(position, end - position, channel);
        if (n > 0) {
          position += n;
          if (timedLeft > 0 && (timedLeft -= n) <= 0) {
            timedLeft = 0;
            clock.end();
          }
          continue;
        }
        if (position >= file.size()) throw new IOException("file shrank while being sent");
        if (timedLeft == 0) {
          timedLeft = Math.min(MAX_WRITE, end - position);
          clock.begin(timedLeft);
        }
        writable.await();
      }
    } finally {
      if (timedLeft > 0) clock.end();
    }
  }

  /**
   * Writes all of {@code src} to the non-blocking channel. A write the socket takes at once costs
   * no clock; once it would block, the rest of its chunk (at most {@link #MAX_WRITE}) is timed
   * like a blocking write, so only time spent waiting for the client counts.
   */
  private void writeNonBlocking(ByteBuffer src) throws IOException {
    if (onLoop) {
      writeOnLoop(src);
      return;
    }
    if (spilled != null) sendSpilled();
    while (src.hasRemaining()) {
      sink.write(src);
      if (!src.hasRemaining()) break;
      int limit = src.limit();
      int chunkEnd = src.position() + Math.min(timedChunk(), src.remaining());
      clock.begin(chunkEnd - src.position());
      try {
        src.limit(chunkEnd);
        while (src.hasRemaining()) {
          if (sink.write(src) == 0) writable.await();
        }
      } finally {
        src.limit(limit);
        clock.end();
      }
    }
    if (tls != null) sendTlsPending();
  }

  /** Waits, timed as any write, until the TLS channel has sent the rest of its last record. */
  private void sendTlsPending() throws IOException {
    if (tls.flushPending()) return;
    clock.begin(0);
    try {
      while (!tls.flushPending()) writable.await();
    } finally {
      clock.end();
    }
  }

  /**
   * On the read loop's thread: what the socket takes now, and a copy of the rest kept in order.
   * The loop serves no further request of the connection once anything is kept, and hands it to a
   * thread that sends it (waiting, timed as any write), so a connection keeps at most one answer.
   */
  private void writeOnLoop(ByteBuffer src) throws IOException {
    if (spilled == null) writeThroughLoopBuffer(src);
    if (!src.hasRemaining()) {
      // The last record's rest waits in the TLS channel: a thread must send it, as a spilled answer.
      if (tls != null && spilled == null && tls.hasPendingOutput()) spilled = new ArrayDeque<>(2);
      return;
    }
    byte[] rest = new byte[src.remaining()];
    src.get(rest);
    if (spilled == null) spilled = new ArrayDeque<>(2);
    spilled.add(ByteBuffer.wrap(rest));
  }

  /**
   * Writes what the socket takes now of the heap buffer {@code src} through the loop's direct
   * buffer, a slice at a time, advancing {@code src} by what was taken. The channel would copy
   * through a temporary direct buffer of its own, taken from a per-thread cache on each call.
   */
  private void writeThroughLoopBuffer(ByteBuffer src) throws IOException {
    if (tls != null) { // TLS encrypts from the heap array itself
      while (src.hasRemaining() && tls.write(src) > 0) {
        // one record per write, until the socket stops taking them
      }
      return;
    }
    ByteBuffer direct = loopBuffer;
    if (!src.hasArray()) {
      channel.write(src);
      return;
    }
    while (src.hasRemaining()) {
      int length = Math.min(src.remaining(), direct.capacity());
      direct.clear().put(0, src.array(), src.arrayOffset() + src.position(), length).limit(length);
      int written = channel.write(direct);
      src.position(src.position() + written);
      if (written < length) return;
    }
  }

  /** Sends what the loop kept, waiting for the socket as any write does. */
  private void sendSpilled() throws IOException {
    ArrayDeque<ByteBuffer> kept = spilled;
    spilled = null;
    for (ByteBuffer b; (b = kept.poll()) != null; ) writeNonBlocking(b);
    if (tls != null) sendTlsPending();
  }

  /**
   * Set by the read loop around the exchanges it serves itself, with its direct buffer (null to
   * end): while on, writes never wait, and what the socket does not take is kept ({@link
   * #hasSpilled}). Off before the connection moves to another thread.
   */
  void onLoop(ByteBuffer loopDirectBuffer) {
    loopBuffer = loopDirectBuffer;
    onLoop = loopDirectBuffer != null;
  }

  /** True when bytes the socket did not take on the loop wait for a thread to send them. */
  boolean hasSpilled() {
    return spilled != null;
  }

  /** Pushes buffered bytes to the socket without flushing a TLS record layer's own buffer. */
  private void drain() throws IOException {
    if (spilled != null && !onLoop) sendSpilled();
    if (count == 0 && tls != null && !onLoop) sendTlsPending();
    if (count > 0 && writable != null) {
      bufView.limit(count).position(0);
      writeNonBlocking(bufView);
      count = 0;
    } else if (count > 0) {
      clock.begin(count);
      try {
        out.write(buf, 0, count);
      } finally {
        clock.end();
      }
      count = 0;
    }
  }

  @Override
  public void flush() throws IOException {
    drain();
    if (out == null) return; // a channel has no buffer of its own
    clock.begin(0);
    try {
      out.flush();
    } finally {
      clock.end();
    }
  }

  /** True when bytes wait in the buffer: a flush would write them. */
  boolean hasBuffered() {
    return count > 0 || spilled != null || tls != null && tls.hasPendingOutput();
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
