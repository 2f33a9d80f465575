package dev.courier.client;

import dev.courier.http.wire.BodyFraming;
import dev.courier.http.wire.Http1Writer;
import dev.courier.http.wire.RequestHead;
import dev.courier.internal.SourcePauses;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The request side of one transport: writes heads and body bytes through the codec's {@link
 * Http1Writer}. A write failure is kept rather than thrown: the server may have answered before
 * it stopped reading (a 413, a 401), so the connection still looks for a response and reports the
 * write failure only when none came.
 *
 * <p>It also knows whether a failed request left nothing at all ({@link #nothingSent()}), the one
 * case where any method may be sent again: the transport refused the request's first write. A
 * write the transport accepted proves nothing either way (the bytes sit in the socket's buffer,
 * and the server may read them before it closes), so only a refusal counts.
 */
final class RequestSender {
  /** The write buffer a new connection starts with: a request head and a small body fit; it grows as writes need. */
  private static final int FIRST_BUFFER_SIZE = 1024;
  private final SentBytes sent;
  private final OutputStream out;
  private final int bufferSize;
  private final Http1Writer writer = Http1Writer.forRequests();
  private IOException failure;
  private boolean ended;
  private long sentBeforeHead;

  /**
   * A sender gathering writes in {@code bufferSize} bytes; over TLS ({@code overTls}) in whole
   * records instead ({@link WholeBlockOutput#tlsRecords}).
   */
  RequestSender(OutputStream raw, int bufferSize, boolean overTls) {
    this.sent = new SentBytes(raw);
    if (overTls) {
      WholeBlockOutput records = WholeBlockOutput.tlsRecords(sent);
      this.out = records;
      this.bufferSize = records.blockSize();
    } else {
      this.out = new GrowingBufferedOutput(sent, Math.min(FIRST_BUFFER_SIZE, bufferSize), bufferSize);
      this.bufferSize = bufferSize;
    }
  }

  /**
   * Writes a head, with {@code body} (may be null) in the same write. A head that frames no body
   * ends the request and is flushed at once.
   *
   * @throws IllegalArgumentException when the writer refuses the head (e.g. both Content-Length
   *     and Transfer-Encoding)
   */
  void writeHead(RequestHead head, byte[] body) {
    failure = null;
    ended = false;
    sentBeforeHead = sent.accepted;
    sent.refusedAt = -1;
    try {
      writer.writeHead(head, out);
      if (body != null) {
        writer.writeBody(body, 0, body.length, out);
      }
      if (writer.framing().kind() == BodyFraming.Kind.NONE) {
        writer.writeEnd(out);
        ended = true;
        out.flush();
      }
    } catch (IOException e) {
      failure = e;
    }
  }

  /** Writes body bytes, framed as the head said; false once the peer stopped listening. */
  boolean writeBody(byte[] data, int offset, int length) {
    if (failure != null) {
      return false;
    }
    try {
      writer.writeBody(data, offset, length, out);
      return true;
    } catch (IOException e) {
      failure = e;
      return false;
    }
  }

  /**
   * Copies a caller's stream as the body: {@code length} bytes, or to its end when negative. A live
   * source's bytes are flushed when it pauses ({@link SourcePauses}).
   *
   * @throws IOException only from the caller's stream
   * @throws IllegalArgumentException when the stream ends before {@code length} bytes
   */
  void writeBody(InputStream in, long length, int bufferSize) throws IOException {
    byte[] buffer = new byte[length < 0 ? bufferSize : (int) Math.min(bufferSize, Math.max(length, 1))];
    long remaining = length;
    while (length < 0 || remaining > 0) {
      int want = length < 0 ? buffer.length : (int) Math.min(buffer.length, remaining);
      int n = in.read(buffer, 0, want);
      if (n < 0) {
        if (length >= 0) {
          throw new IllegalArgumentException("the body stream ended after "
              + (length - remaining) + " of the " + length + " bytes announced");
        }
        return;
      }
      if (!writeBody(buffer, 0, n)) {
        return;
      }
      remaining -= n;
      if ((length < 0 || remaining > 0) && SourcePauses.pausedAfter(in, n, want) && !flushBody()) {
        return;
      }
    }
  }

  /** Sends the body bytes buffered so far; false once the peer stopped listening (the failure is kept). */
  boolean flushBody() {
    if (failure != null) {
      return false;
    }
    try {
      out.flush();
      return true;
    } catch (IOException e) {
      failure = e;
      return false;
    }
  }

  /**
   * Ends the body (the last chunk when chunked) and flushes.
   *
   * @throws IllegalStateException when fewer bytes were sent than the Content-Length announced
   */
  void end() {
    if (!ended) {
      ended = true;
      if (failure == null) {
        try {
          writer.writeEnd(out);
        } catch (IllegalStateException e) {
          throw new IllegalStateException("request body incomplete: " + e.getMessage(), e);
        } catch (IOException e) {
          failure = e;
        }
      }
    }
    if (failure == null) {
      try {
        out.flush();
      } catch (IOException e) {
        failure = e;
      }
    }
  }

  /** Sends what is buffered now (the head before waiting for 100 Continue). */
  void flush() throws IOException {
    out.flush();
  }

  /** Marks the body as not to be sent (the server answered before 100 Continue). */
  void skipBody() {
    ended = true;
  }

  /** Whether the request has ended (no body, or the body was ended or skipped). */
  boolean ended() {
    return ended;
  }

  /** The write failure kept since the last head, or null. */
  IOException failure() {
    return failure;
  }

  /**
   * Whether the request failed without a byte of it leaving: the transport refused its very first
   * write with a reset or broken pipe (the server had closed the connection). A write call that
   * fails may have handed part of its bytes to the kernel first (a socket writes in a loop), so
   * only a first write of at most one buffer counts: on a connection whose previous exchange is
   * over (its request read and answered, so acknowledged), the send buffer is empty and takes
   * such a write whole or not at all.
   */
  boolean nothingSent() {
    return failure != null && sent.refusedAt == sentBeforeHead && sent.refusedLength <= bufferSize
        && Failures.isReset(failure);
  }

  /** Counts the bytes the transport accepted, and where it first refused a write. */
  private static final class SentBytes extends FilterOutputStream {
    long accepted;
    long refusedAt = -1;
    int refusedLength;

    SentBytes(OutputStream raw) {
      super(raw);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        if (refusedAt < 0) {
          refusedAt = accepted;
          refusedLength = len;
        }
        throw e;
      }
      accepted += len;
    }
  }
}
