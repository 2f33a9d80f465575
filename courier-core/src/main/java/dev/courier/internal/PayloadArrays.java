package dev.courier.internal;

/**
 * Arrays for HTTP/2 DATA payloads, given back by the {@link BodyQueue} that read them: the frame
 * reader copied each payload into an array of its own, a whole body's worth of garbage per body
 * (1.18 MB per MiB of an 8 MiB download); now a reader that keeps pace with the connection reuses a
 * few. Only the lengths peers send most are kept: 16,384 (a full frame at the default
 * SETTINGS_MAX_FRAME_SIZE of RFC 9113 section 6.5.2, as Netty, Jetty, OkHttp and nghttp2 send
 * them) and 8,192 (nginx's {@code http2_chunk_size}); any other length is made new and left to the
 * collector. At most {@link #SLOTS} of each are kept (as many as the server keeps of its working
 * buffers): 768 KiB for the process on 2 cores. A busy connection keeps more of its own
 * ({@link ConnectionPayloads}) and falls back on these.
 *
 * <p>Safe reuse rests on two rules: a payload array is copied into whole (it is exactly the
 * payload's length), so nothing of an earlier payload is ever read; and a body queue gives an
 * array back only once it has copied all of it out and holds it no more, and nothing else keeps a
 * DATA frame's array after its body queue took it (the connections count its length only).
 *
 * <pre>{@code
 * frameReader.dataArraysFrom(PayloadArrays.SHARED::take);   // the connection's reader
 * new BodyQueue(timeout, consumed, null, PayloadArrays.SHARED);   // the stream's body gives them back
 * }</pre>
 */
public final class PayloadArrays implements PayloadPool {
  /** Free arrays kept per length. */
  static final int SLOTS = Math.max(32, 8 * Runtime.getRuntime().availableProcessors());
  static final int FULL_FRAME = 16_384;
  static final int NGINX_CHUNK = 8_192;

  /** The arrays every HTTP/2 connection of the process uses. */
  public static final PayloadArrays SHARED = new PayloadArrays();

  private final FreeSlots<byte[]> fullFrames = new FreeSlots<>(SLOTS);
  private final FreeSlots<byte[]> nginxChunks = new FreeSlots<>(SLOTS);

  PayloadArrays() {}

  @Override
  public byte[] take(int length) {
    byte[] array = length == FULL_FRAME ? fullFrames.take() : length == NGINX_CHUNK ? nginxChunks.take() : null;
    return array != null ? array : new byte[length];
  }

  @Override
  public void giveBack(byte[] array) {
    if (array.length == FULL_FRAME) {
      fullFrames.give(array);
    } else if (array.length == NGINX_CHUNK) {
      nginxChunks.give(array);
    }
  }
}
