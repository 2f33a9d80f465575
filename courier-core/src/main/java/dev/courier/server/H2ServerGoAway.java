package dev.courier.server;

import dev.courier.http.h2.ErrorCode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * How an {@link H2ServerConnection} ends (RFC 9113 section 6.8): GOAWAY for an error, read away
 * what the client still sends before closing, and the graceful shutdown of a stopping server,
 * where the streams in flight finish and the last one to end closes the socket.
 */
final class H2ServerGoAway {
  private final Socket socket;
  private final Closeable outputShutdown;
  /** The blocking input; null on the selector-driven path. */
  private final InputStream in;
  /** The selector-driven path, or null on the blocking path. */
  private final H2LoopPath loop;
  private final H2Output output;
  private final H2ServerStreams streams;
  /** A graceful shutdown: the last stream to finish closes the connection. */
  private volatile boolean closeWhenIdle;
  /** The shutdown's GOAWAY has been written. */
  private volatile boolean goAwaySent;

  /**
   * For the connection over {@code socket}, whose output {@code outputShutdown} ends (close_notify
   * first under TLS), read from {@code in} on the blocking path or through {@code loop}.
   */
  H2ServerGoAway(Socket socket, Closeable outputShutdown, InputStream in, H2LoopPath loop, H2Output output,
      H2ServerStreams streams) {
    this.socket = socket;
    this.outputShutdown = outputShutdown;
    this.in = in;
    this.loop = loop;
    this.output = output;
    this.streams = streams;
  }

  /**
   * Graceful shutdown (the server stops): GOAWAY NO_ERROR with the last stream we accepted;
   * streams in flight finish, then the connection closes. Idempotent.
   */
  void shutdown() {
    if (closeWhenIdle) {
      // Called again while the server waits: close once the GOAWAY is out and the streams are done.
      if (goAwaySent && streams.active() == 0) closeSocket();
      return;
    }
    closeWhenIdle = true;
    boolean first = !streams.isGoingAway();
    streams.stopAccepting();
    if (first) output.goAway(streams.lastId(), ErrorCode.NO_ERROR, "server stopping");
    // Not on the caller's thread: the server's stop() must not wait for a client that does not read.
    Thread.ofVirtual().name("courier-h2-goaway-" + socket.getPort()).start(() -> {
      try {
        output.flushAndWait();
      } catch (IOException e) {
        // lost
      }
      goAwaySent = true;
      if (streams.active() == 0) closeSocket();
    });
  }

  /**
   * Whether a stopping server's GOAWAY is still on its way out: the reader must not end the
   * connection for want of streams until it is written, or closing would drop it (the shutdown
   * marks the streams going away before it appends the GOAWAY, so that the GOAWAY names the last
   * stream accepted). The thread that writes it closes the connection after.
   */
  boolean shutdownGoAwayPending() {
    return closeWhenIdle && !goAwaySent;
  }

  /** A stream's handler finished: the last stream of a draining connection ends the reader's wait. */
  void streamFinished() {
    if (closeWhenIdle && goAwaySent && streams.active() == 0) closeSocket();
  }

  /** GOAWAY with {@code code}, sent before this returns; the reader thread's. */
  void goAway(ErrorCode code, String debug) {
    streams.stopAccepting();
    output.goAway(streams.lastId(), code, debug.length() > 200 ? debug.substring(0, 200) : debug);
    try {
      output.flushAndWait();
    } catch (IOException e) {
      // lost
    }
  }

  /**
   * After a GOAWAY for an error, the client may still be sending: closing now, with its bytes
   * unread, would make TCP reset the connection and the client could lose the GOAWAY. Stop
   * writing, read away what comes for a moment, then close.
   */
  void lingerAfterGoAway() {
    try {
      outputShutdown.close();
      if (loop != null) {
        loop.readAway(1 << 20, 1_000_000_000L);
        return;
      }
      socket.setSoTimeout(1000);
      byte[] sink = new byte[8192];
      long total = 0;
      while (total < (1 << 20)) {
        int n = in.read(sink);
        if (n < 0) break;
        total += n;
      }
    } catch (IOException e) {
      // closed, reset or timed out: close anyway
    }
  }

  private void closeSocket() {
    try {
      output.flushAndWait(); // the last stream's frames, which another thread may be writing
    } catch (IOException e) {
      // lost
    }
    streams.die();
    try {
      outputShutdown.close();
    } catch (IOException e) {
      // closing anyway
    }
    if (loop != null) {
      loop.forceClose(); // a reader waiting or parked on the loop learns it there
    } else {
      HttpServer.closeQuietly(socket);
    }
  }
}
