package dev.courier.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A connection over a {@link Socket}, plain or {@link SSLSocket}, whose read timeout is kept by
 * the {@link ReadWatchdog}: the socket itself reads without a timeout ({@code SO_TIMEOUT} 0), so
 * that a blocking socket stays blocking (one {@code read(2)} per read on a platform thread, see
 * the watchdog for why). A read that outlives its timeout is ended by closing the TCP socket
 * beneath and throws {@link SocketTimeoutException}; the connection is closed then.
 * {@link #readWithin} is the gentle wait that leaves the connection usable: the socket's own
 * timed read, for the rare short waits (100-continue, stale checks).
 *
 * <p>The TCP sockets come from {@code SocketChannel.open().socket()} (see {@link
 * SystemTransport}): unlike {@code new Socket()}, whose timed connect leaves it non-blocking for
 * good, a channel's timed connect or read puts it back in blocking mode afterwards.
 */
final class SocketConnection implements Connection {
  /** {@link #deadline} when no read is waiting. */
  private static final long DISARMED = Long.MIN_VALUE;
  /** {@link #deadline} once a read timed out and the socket was closed. */
  private static final long EXPIRED = Long.MIN_VALUE + 1;
  /** {@link #deadline} while a read without a timeout is waiting (an HTTP/2 connection's reader). */
  private static final long READING_UNTIMED = Long.MIN_VALUE + 2;
  /** {@link #deadline} once a TLS connection closes with no read waiting: none may start. */
  private static final long CLOSED = Long.MIN_VALUE + 3;
  /**
   * How long {@link #close} waits for a read it ended by shutting the input: the reader must be
   * scheduled to see the end, which on a loaded machine takes more than a moment.
   */
  private static final long READ_END_WAIT_NANOS = 500_000_000L;
  /**
   * The most a TLS record takes on the wire: its 5-byte header and 2^14 + 2048 bytes (RFC 5246
   * section 6.2.3; TLS 1.3 allows 2^14 + 256, RFC 8446 section 5.2).
   */
  private static final int LARGEST_TLS_RECORD = 5 + (1 << 14) + 2048;
  private static final VarHandle DEADLINE;

  static {
    try {
      DEADLINE = MethodHandles.lookup().findVarHandle(SocketConnection.class, "deadline", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Endpoint endpoint;
  private final Socket socket;
  /** The TCP socket beneath: {@link #socket} itself, or the one a TLS socket is layered over. */
  private final Socket tcp;
  private final InputStream socketInput;
  /** The TCP socket's own input beneath TLS (asked only how much it holds); null without TLS. */
  private final InputStream tcpInput;
  private final InputStream input = new WatchedInput();
  private final OutputStream output;
  private final WeakReference<SocketConnection> watch = new WeakReference<>(this);
  private Duration readTimeout;
  private long readTimeoutNanos;
  @SuppressWarnings("unused") // through DEADLINE
  private volatile long deadline = DISARMED;

  SocketConnection(Endpoint endpoint, Socket socket, Duration readTimeout) throws IOException {
    this(endpoint, socket, socket, readTimeout);
  }

  SocketConnection(Endpoint endpoint, Socket socket, Socket tcp, Duration readTimeout) throws IOException {
    this.endpoint = endpoint;
    this.socket = socket;
    this.tcp = tcp;
    socket.setSoTimeout(0);
    this.socketInput = socket.getInputStream();
    this.tcpInput = tcp != socket ? tcp.getInputStream() : null;
    this.output = new TranslatedOutput(socket.getOutputStream());
    this.readTimeout = readTimeout;
    this.readTimeoutNanos = readTimeout.toNanos();
    ReadWatchdog.INSTANCE.watch(watch);
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public void readTimeout(Duration timeout) {
    if (!timeout.equals(readTimeout)) {
      readTimeout = timeout;
      readTimeoutNanos = timeout.toNanos();
    }
  }

  /**
   * The socket's own timed read: nothing within {@code wait} throws {@link SocketTimeoutException}
   * and the connection stays usable (a channel's socket goes non-blocking for this read only).
   */
  @Override
  public int readWithin(byte[] buffer, int offset, int length, Duration wait) throws IOException {
    long state = (long) DEADLINE.getVolatile(this);
    if (state == EXPIRED || state == CLOSED) throw new SocketException("Socket closed");
    socket.setSoTimeout(ConnectOptions.millis(wait));
    try {
      return socketInput.read(buffer, offset, length);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      throw translate(e);
    } finally {
      if (!socket.isClosed()) socket.setSoTimeout(0);
    }
  }

  /**
   * Bytes in the kernel's buffer (FIONREAD) without TLS; under TLS decrypted bytes held, or a
   * largest record's worth in the kernel's buffer beneath, so that a read cannot wait for the rest
   * of a record that has only partly come. False when it cannot tell.
   */
  @Override
  public boolean hasInputWaiting() {
    try {
      if (socketInput.available() > 0) return true;
      return tcpInput != null && tcpInput.available() >= LARGEST_TLS_RECORD;
    } catch (IOException e) {
      return false; // the read that follows finds out
    }
  }

  @Override
  public Optional<SSLSession> tlsSession() {
    return socket instanceof SSLSocket ssl ? Optional.of(ssl.getSession()) : Optional.empty();
  }

  @Override
  public Optional<String> applicationProtocol() {
    if (socket instanceof SSLSocket ssl) {
      String protocol = ssl.getApplicationProtocol();
      return protocol == null || protocol.isEmpty() ? Optional.empty() : Optional.of(protocol);
    }
    return Optional.empty();
  }

  @Override
  public boolean isOpen() {
    return !socket.isClosed() && socket.isConnected();
  }

  @Override
  public void shutdownOutput() throws IOException {
    if (socket instanceof SSLSocket) {
      // SSLSocket cannot half-close without closing the session; the caller must close instead.
      throw new UnsupportedOperationException("half-close is not supported over TLS");
    }
    socket.shutdownOutput();
  }

  @Override
  public Optional<Socket> socket() {
    return Optional.of(socket);
  }

  @Override
  public void close() throws IOException {
    ReadWatchdog.INSTANCE.unwatch(watch);
    if (socket != tcp) endReadFirst();
    socket.close();
  }

  /**
   * Sees that no read runs in the TLS socket as it closes. A read waiting there (an HTTP/2
   * connection's reader, a body read elsewhere) is ended by shutting the TCP input, which the JDK
   * takes as the peer's close, and waited for; a socket closed under the read would be a fatal
   * error to it, and it would invalidate the TLS session with its resumption tickets. Once no read
   * runs, the connection is marked closed in the same step, so that none starts in between (a
   * reader between two reads would otherwise start its next one on the closing socket).
   */
  private void endReadFirst() {
    boolean shut = false;
    long giveUp = System.nanoTime() + READ_END_WAIT_NANOS;
    while (true) {
      long state = (long) DEADLINE.getVolatile(this);
      if (state == DISARMED) {
        if (DEADLINE.compareAndSet(this, DISARMED, CLOSED)) return;
        continue; // a read started just now
      }
      if (!isReading(state)) return; // expired or closed before
      if (!shut) {
        shut = true;
        try {
          tcp.shutdownInput();
        } catch (IOException alreadyGone) {
          return;
        }
      }
      if (System.nanoTime() - giveUp >= 0) return;
      LockSupport.parkNanos(100_000);
    }
  }

  private static boolean isReading(long deadline) {
    return deadline == READING_UNTIMED || isArmed(deadline);
  }

  @Override
  public String toString() {
    return (socket instanceof SSLSocket ? "tls " : "tcp ") + endpoint;
  }

  long deadline() {
    return (long) DEADLINE.getVolatile(this);
  }

  static boolean isArmed(long deadline) {
    return deadline != DISARMED && deadline != EXPIRED && deadline != READING_UNTIMED && deadline != CLOSED;
  }

  /**
   * Stores the deadline of a read about to start and tells the watchdog; returns it, or {@link
   * #READING_UNTIMED} when there is no read timeout.
   */
  long arm() throws SocketException {
    long timeout = readTimeoutNanos;
    if (timeout == 0) {
      if (!DEADLINE.compareAndSet(this, DISARMED, READING_UNTIMED)) throw new SocketException("Socket closed");
      return READING_UNTIMED;
    }
    long d = System.nanoTime() + timeout;
    if (!isArmed(d)) d += 4; // never mistaken for a state
    if (!DEADLINE.compareAndSet(this, DISARMED, d)) throw new SocketException("Socket closed");
    ReadWatchdog.INSTANCE.armed(d);
    return d;
  }

  /** Clears the deadline of a read that ended; false when the watchdog expired it first. */
  private boolean disarm(long d) {
    return DEADLINE.compareAndSet(this, d, DISARMED);
  }

  /** The watchdog's call for a read whose deadline {@code d} passed: ends it by closing the socket. */
  void expire(long d) {
    if (!DEADLINE.compareAndSet(this, d, EXPIRED)) return; // the read ended just now
    ReadWatchdog.INSTANCE.unwatch(watch);
    try {
      // The TCP socket, not the TLS one: closing TLS would first try to send close_notify.
      tcp.close();
      if (socket != tcp) socket.close();
    } catch (IOException ignored) {
      // the read ends either way; the caller sees the timeout
    }
  }

  private SocketTimeoutException timedOut(IOException cause) {
    var e = new SocketTimeoutException("Read timed out");
    if (cause != null) e.initCause(cause);
    return e;
  }

  /**
   * What {@code new Socket()} throws where a channel's socket throws otherwise: callers tell a
   * reset or broken pipe (a {@link SocketException}) from other failures.
   */
  private static IOException translate(IOException e) {
    if (e instanceof ClosedByInterruptException) {
      // the calling thread was interrupted in the read or write, and the channel closed itself
      var interrupted = new InterruptedIOException("interrupted; the connection is closed");
      interrupted.initCause(e);
      return interrupted;
    }
    if (e instanceof ClosedChannelException) {
      return new SocketException("Socket closed", e);
    }
    if (e.getClass() == IOException.class) {
      return new SocketException(e.getMessage(), e);
    }
    return e;
  }

  /** Reads through the socket, each bounded by the watchdog. */
  private final class WatchedInput extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n > 0 ? one[0] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      long d = arm();
      int n;
      try {
        n = socketInput.read(b, off, len);
      } catch (IOException e) {
        throw disarm(d) ? translate(e) : timedOut(e);
      } catch (RuntimeException e) {
        disarm(d);
        throw e;
      }
      if (!disarm(d)) throw timedOut(null);
      return n;
    }

    @Override
    public int available() throws IOException {
      return socketInput.available();
    }

    @Override
    public void close() throws IOException {
      SocketConnection.this.close();
    }
  }

  private static final class TranslatedOutput extends OutputStream {
    private final OutputStream out;

    TranslatedOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw translate(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw translate(e);
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
