package dev.courier.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A connected socket whose input reads ahead, for the JDK's TLS socket to be layered over (see
 * {@link TlsContexts#socketOver}).
 *
 * <p>Why: the JDK's {@code SSLSocket} reads each TLS record in two reads of its transport, the
 * five-byte header and then the rest, so a request or response in one record costs two {@code
 * read} system calls. Through this socket the first read takes what the kernel holds (up to
 * {@link #BUFFER_SIZE} bytes) and the second is a copy. Measured on the server over TLS (wrk
 * {@code -c64}): two reads per request become one.
 *
 * <p>Everything else is the wrapped socket's: its options, its addresses, its close and its
 * shutdowns (a shut input ends a blocked read here as it would there). A read larger than the
 * buffer with the buffer empty goes straight to the socket, so a large record costs no copy.
 * Reads are made by one thread at a time (the TLS layer's read lock), as an {@code InputStream}'s
 * are.
 *
 * <p>A server's socket ({@link #lendingWhileLight}) holds its buffer only while traffic is heavy:
 * after a read that brought less than {@link #LIGHT_READ} bytes, the next one goes into a small
 * array of its own and the buffer goes back to {@link SpareBuffers}. An idle connection waits in
 * that read, so a thousand idle HTTP/2 connections over TLS do not keep 4 KiB each; a record that
 * fits the small array (a request's HEADERS, as a rule) still costs one system call.
 */
final class ReadAheadSocket extends Socket {
  /** Enough for a request head or a small response in one record; larger reads skip the copy. */
  static final int BUFFER_SIZE = 4096;
  /** What a light read takes in: a small record whole (a request's HEADERS after HPACK's first). */
  static final int LIGHT_READ = 512;

  private final Socket socket;
  private final ReadAhead input;

  ReadAheadSocket(Socket socket) throws IOException {
    this(socket, false);
  }

  private ReadAheadSocket(Socket socket, boolean lendWhileLight) throws IOException {
    this.socket = socket;
    this.input = new ReadAhead(socket.getInputStream(), lendWhileLight);
  }

  /** A server's socket: its buffer is lent while reads are heavy, not kept (see the class comment). */
  static ReadAheadSocket lendingWhileLight(Socket socket) throws IOException {
    return new ReadAheadSocket(socket, true);
  }

  /** Whether the input holds a read-ahead buffer now (a light server socket's holds none). */
  boolean holdsBuffer() {
    return input.buffer != null;
  }

  /** The socket's input, read ahead. */
  private static final class ReadAhead extends InputStream {
    private final InputStream in;
    private final boolean lendWhileLight;
    /** The read-ahead buffer; while reads are light on a lending socket, null (back in the spares). */
    private byte[] buffer;
    /** A lending socket's array for light reads, kept: {@link #LIGHT_READ} bytes. */
    private byte[] light;
    /** The array that {@link #position} and {@link #limit} index: the buffer or the light one. */
    private byte[] current;
    /** A lending socket's last read brought less than {@link #LIGHT_READ} bytes. */
    private boolean lastReadLight = true;
    private int position;
    private int limit;

    ReadAhead(InputStream in, boolean lendWhileLight) {
      this.in = in;
      this.lendWhileLight = lendWhileLight;
      if (!lendWhileLight) buffer = new byte[BUFFER_SIZE];
      current = buffer;
    }

    @Override
    public int read() throws IOException {
      if (position == limit && fill() <= 0) return -1;
      return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
      java.util.Objects.checkFromIndexSize(offset, length, target.length);
      if (length == 0) return 0;
      if (position == limit) {
        if (length >= BUFFER_SIZE) return in.read(target, offset, length);
        int n = fill();
        if (n <= 0) return n;
      }
      int n = Math.min(length, limit - position);
      System.arraycopy(current, position, target, offset, n);
      position += n;
      return n;
    }

    /**
     * One read of what the socket has, up to the array's size; blocks only when it has nothing.
     * Called with nothing left unread, so a buffer given back here holds no byte still owed.
     */
    private int fill() throws IOException {
      if (lendWhileLight) {
        if (lastReadLight) {
          if (buffer != null) SpareBuffers.giveBack(buffer);
          buffer = null;
          if (light == null) light = new byte[LIGHT_READ];
          current = light;
        } else {
          if (buffer == null) buffer = SpareBuffers.borrow();
          current = buffer;
        }
      }
      int n = in.read(current, 0, current.length);
      position = 0;
      limit = Math.max(n, 0);
      if (lendWhileLight) lastReadLight = n < LIGHT_READ;
      return n;
    }

    @Override
    public int available() throws IOException {
      return (limit - position) + in.available();
    }

    @Override
    public long skip(long n) throws IOException {
      if (n <= 0) return 0;
      int buffered = limit - position;
      if (buffered > 0) {
        int skipped = (int) Math.min(n, buffered);
        position += skipped;
        return skipped;
      }
      return in.skip(n);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  @Override
  public InputStream getInputStream() {
    return input;
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return socket.getOutputStream();
  }

  @Override
  public SocketChannel getChannel() {
    return socket.getChannel();
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    throw new SocketException("already connected");
  }

  @Override
  public void bind(SocketAddress local) throws IOException {
    throw new SocketException("already bound");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  @Override
  public void shutdownInput() throws IOException {
    socket.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public boolean isConnected() {
    return socket.isConnected();
  }

  @Override
  public boolean isBound() {
    return socket.isBound();
  }

  @Override
  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public boolean isInputShutdown() {
    return socket.isInputShutdown();
  }

  @Override
  public boolean isOutputShutdown() {
    return socket.isOutputShutdown();
  }

  @Override
  public InetAddress getInetAddress() {
    return socket.getInetAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    return socket.getLocalAddress();
  }

  @Override
  public int getPort() {
    return socket.getPort();
  }

  @Override
  public int getLocalPort() {
    return socket.getLocalPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return socket.getRemoteSocketAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return socket.getLocalSocketAddress();
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    socket.setSoTimeout(timeout);
  }

  @Override
  public int getSoTimeout() throws SocketException {
    return socket.getSoTimeout();
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    socket.setTcpNoDelay(on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return socket.getTcpNoDelay();
  }

  @Override
  public void setSoLinger(boolean on, int linger) throws SocketException {
    socket.setSoLinger(on, linger);
  }

  @Override
  public int getSoLinger() throws SocketException {
    return socket.getSoLinger();
  }

  @Override
  public void setKeepAlive(boolean on) throws SocketException {
    socket.setKeepAlive(on);
  }

  @Override
  public boolean getKeepAlive() throws SocketException {
    return socket.getKeepAlive();
  }

  @Override
  public void setSendBufferSize(int size) throws SocketException {
    socket.setSendBufferSize(size);
  }

  @Override
  public int getSendBufferSize() throws SocketException {
    return socket.getSendBufferSize();
  }

  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    socket.setReceiveBufferSize(size);
  }

  @Override
  public int getReceiveBufferSize() throws SocketException {
    return socket.getReceiveBufferSize();
  }

  @Override
  public void setTrafficClass(int trafficClass) throws SocketException {
    socket.setTrafficClass(trafficClass);
  }

  @Override
  public int getTrafficClass() throws SocketException {
    return socket.getTrafficClass();
  }

  @Override
  public void setReuseAddress(boolean on) throws SocketException {
    socket.setReuseAddress(on);
  }

  @Override
  public boolean getReuseAddress() throws SocketException {
    return socket.getReuseAddress();
  }

  @Override
  public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
    socket.setOption(name, value);
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return socket.getOption(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return socket.supportedOptions();
  }

  @Override
  public String toString() {
    return "ReadAheadSocket[" + socket + "]";
  }
}
