package dev.courier.server;

import dev.courier.http.ArrayLender;
import dev.courier.internal.FreeSlots;
import java.nio.ByteBuffer;

/**
 * Heap buffers of {@link #SIZE} bytes that a connection holds only while it works: its output
 * buffer ({@link SocketOutput}), its thread's read buffer ({@link SelectorPath}) and its TLS
 * records ({@link TlsChannel}) are taken when an exchange needs them and given back empty, so an
 * idle keep-alive connection holds none. With a buffer each for life, 1,000 idle connections held
 * 21.7 KB of heap apiece (47.7 KB over TLS) against Netty's 2.6 KB (7.9 KB), whose buffers are
 * pooled and lent the same way; a few warm buffers now serve every connection. {@link #ARRAYS}
 * lends the codecs' arrays the same way: HTTP/1.1's parser buffer and head scratch (2.5 KB of what
 * each idle connection still held), HTTP/2's read buffer, frame reader, frame writer and drain chunk.
 *
 * <p>Lending never waits and never fails: when none is free a new one is made, and one given back
 * to a full pool is left to the collector, so a pool keeps at most its number of slots whatever
 * the load. A borrower reads a buffer's array only up to what it wrote itself, so what an earlier
 * borrower left there is never sent or parsed. The slots are {@link FreeSlots}: lock-free, and
 * the same few buffers, warm in the cache, serve again and again.
 */
final class WorkingBuffers {
  /**
   * Bytes per buffer: a typical head and small body, a read of the socket, or a TLS record with
   * its overhead (the JDK's engine asks for 16,709 bytes to encrypt into, whatever the record's size).
   */
  static final int SIZE = 17 * 1024;
  /** Bytes per array {@link #ARRAYS} keeps: a head as browsers send it; a longer one gets its own. */
  static final int HEAD_SIZE = 2048;
  /**
   * Slots per pool. Each running thread holds at most three buffers (its output, its read, its
   * TLS record) and two head arrays, and only while it runs: room for every carrier many times over.
   */
  private static final int SLOTS = Math.max(32, 8 * Runtime.getRuntime().availableProcessors());
  /** The pool every connection of the process uses. */
  static final WorkingBuffers SHARED = new WorkingBuffers(SLOTS);
  /** The codecs' arrays, for every connection of the process (see {@link ArrayLender}). */
  static final ArrayLender ARRAYS = new LentArrays(2 * SLOTS);

  private final FreeSlots<ByteBuffer> free;

  /** A pool that keeps at most {@code slots} buffers. */
  WorkingBuffers(int slots) {
    this.free = new FreeSlots<>(slots);
  }

  /**
   * A cleared heap buffer of {@link #SIZE} bytes over an array (its {@code array()}), with
   * whatever an earlier borrower left in it.
   */
  ByteBuffer take() {
    ByteBuffer b = free.take();
    return b != null ? b.clear() : ByteBuffer.allocate(SIZE);
  }

  /** Gives back a buffer {@link #take} lent; the caller must not touch it afterwards. */
  void give(ByteBuffer buffer) {
    free.give(buffer);
  }

  /**
   * Arrays of {@link #HEAD_SIZE} bytes, and of {@link #SIZE} for a parser that was fed a whole
   * read at once (a body's first bytes come with its head), kept as the buffers are; longer ones
   * are the borrower's alone.
   */
  private static final class LentArrays implements ArrayLender {
    private final FreeSlots<byte[]> heads;
    private final FreeSlots<byte[]> reads;

    LentArrays(int slots) {
      this.heads = new FreeSlots<>(slots);
      this.reads = new FreeSlots<>(slots);
    }

    @Override
    public byte[] borrow(int minLength) {
      int size = minLength <= HEAD_SIZE ? HEAD_SIZE : minLength <= SIZE ? SIZE : minLength;
      byte[] array = size == HEAD_SIZE ? heads.take() : size == SIZE ? reads.take() : null;
      return array != null ? array : new byte[size];
    }

    @Override
    public void giveBack(byte[] array) {
      if (array.length == HEAD_SIZE) {
        heads.give(array);
      } else if (array.length == SIZE) {
        reads.give(array);
      }
    }
  }
}
