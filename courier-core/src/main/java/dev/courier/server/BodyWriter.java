package dev.courier.server;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a streamed response body. The server frames what is written (chunked when the length is
 * unknown, as declared otherwise) and flushes at the end; {@code flush()} on the stream pushes
 * bytes to the client at once (for server-sent events or {@code /drip}).
 *
 * <pre>{@code
 * ServerResponse.ok(ServerResponseBody.writer(out -> {
 *   for (int i = 0; i < 3; i++) { out.write(("line " + i + "\n").getBytes()); out.flush(); }
 * }));
 * }</pre>
 */
@FunctionalInterface
public interface BodyWriter {
  /** Writes the body to {@code out}; must not close it. */
  void writeTo(OutputStream out) throws IOException;
}
