package dev.courier.http.h2;

import java.util.Arrays;

/**
 * One field block as it arrives (RFC 9113 section 4.3): a HEADERS frame and the CONTINUATION
 * frames after it up to END_HEADERS, joined into the bytes HPACK decodes. {@link FrameReader}
 * already refuses any other frame between them (section 6.10); this class only gathers, for the
 * client and the server alike.
 *
 * <p>The usual block fits its HEADERS frame and is handed on as that frame's fragment, without a
 * copy. Not thread-safe: the connection's reader owns it.
 *
 * <pre>{@code
 * FieldBlock block = new FieldBlock();
 * boolean complete = switch (frame) {
 *   case Frame.Headers h -> block.begin(h);
 *   case Frame.Continuation c -> block.append(c);
 *   default -> false;
 * };
 * if (complete) decode(block.headers(), block.take());
 * }</pre>
 */
public final class FieldBlock {
  private Frame.Headers start;
  private boolean open;
  private byte[] joined; // null while the block is the HEADERS fragment alone
  private int length;
  private int frames;

  /** Starts a block with {@code h}: true when it is complete already (END_HEADERS). */
  public boolean begin(Frame.Headers h) {
    start = h;
    open = !h.endHeaders();
    joined = null;
    length = h.fragment().length;
    frames = 1;
    return h.endHeaders();
  }

  /** Adds a CONTINUATION's fragment: true when it completes the block. */
  public boolean append(Frame.Continuation c) {
    if (!open) throw new IllegalStateException("CONTINUATION on stream " + c.streamId() + " outside a field block");
    byte[] fragment = c.fragment();
    int needed = length + fragment.length;
    if (joined == null) {
      joined = Arrays.copyOf(start.fragment(), Math.max(64, 2 * needed));
    } else if (needed > joined.length) {
      joined = Arrays.copyOf(joined, Math.max(needed, 2 * joined.length));
    }
    System.arraycopy(fragment, 0, joined, length, fragment.length);
    length = needed;
    frames++;
    open = !c.endHeaders();
    return c.endHeaders();
  }

  /** Whether a block has begun and END_HEADERS has not come yet. */
  public boolean inProgress() {
    return open;
  }

  /** Frames in the block so far, HEADERS included. */
  public int frames() {
    return frames;
  }

  /** The HEADERS frame that began the last block (its stream, END_STREAM, priority). */
  public Frame.Headers headers() {
    if (start == null) throw new IllegalStateException("no field block has begun");
    return start;
  }

  /** The complete block's bytes, to decode once. */
  public byte[] take() {
    if (start == null || open) throw new IllegalStateException("the field block is not complete");
    byte[] block = joined == null ? start.fragment() : Arrays.copyOf(joined, length);
    joined = null;
    return block;
  }
}
