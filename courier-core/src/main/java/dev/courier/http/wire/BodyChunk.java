package dev.courier.http.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A piece of message body, with any chunked framing already removed. How the body is split into
 * chunks depends on how the bytes arrived; only the concatenation is meaningful.
 *
 * <p>The array is owned by this event and never reused by the parser; callers must not modify it.
 *
 * <pre>{@code
 * if (event instanceof BodyChunk chunk) out.write(chunk.data());
 * }</pre>
 *
 * @param data the body bytes (never empty when produced by the parser)
 */
public record BodyChunk(byte[] data) implements HttpEvent {
  /** Checks that {@code data} is not null. */
  public BodyChunk {
    Objects.requireNonNull(data, "data");
  }

  /** The number of body bytes in this chunk. */
  public int length() {
    return data.length;
  }

  /** The bytes decoded as ISO-8859-1, one char per byte; handy in tests and logs. */
  public String latin1() {
    return new String(data, StandardCharsets.ISO_8859_1);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BodyChunk that && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "BodyChunk[" + data.length + " bytes]";
  }
}
