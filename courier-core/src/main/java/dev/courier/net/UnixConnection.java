package dev.courier.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * A Unix-domain socket connection (JDK 16+ {@code SocketChannel}) adapted to streams. The channel
 * runs non-blocking under a private {@link Selector} so that reads honour the read timeout, which a
 * blocking {@code SocketChannel} cannot do.
 */
final class UnixConnection implements Connection {
  private final Endpoint.Unix endpoint;
  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private final InputStream input = new ChannelInput();
  private final OutputStream output = new ChannelOutput();
  private volatile Duration readTimeout;

  private UnixConnection(Endpoint.Unix endpoint, SocketChannel channel, Selector selector,
      Duration readTimeout) throws IOException {
    this.endpoint = endpoint;
    this.channel = channel;
    this.selector = selector;
    this.key = channel.register(selector, 0);
    this.readTimeout = readTimeout;
  }

  static UnixConnection open(Endpoint.Unix endpoint, ConnectOptions options) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    Selector selector = null;
    try {
      channel.configureBlocking(false);
      selector = Selector.open();
      UnixConnection connection = new UnixConnection(endpoint, channel, selector,
          options.readTimeout());
      if (!channel.connect(UnixDomainSocketAddress.of(endpoint.path()))) {
        connection.await(SelectionKey.OP_CONNECT, options.connectTimeout(), "connect");
        channel.finishConnect();
      }
      return connection;
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
        if (selector != null) {
          selector.close();
        }
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Waits until the channel is ready for {@code ops}, or throws after {@code timeout}. */
  private void await(int ops, Duration timeout, String what) throws IOException {
    long timeoutMillis = ConnectOptions.millis(timeout);
    long deadline = timeoutMillis == 0 ? 0 : System.nanoTime() + timeoutMillis * 1_000_000L;
    key.interestOps(ops);
    try {
      while (true) {
        long wait = 0;
        if (deadline != 0) {
          wait = (deadline - System.nanoTime()) / 1_000_000L;
          if (wait <= 0) {
            throw new SocketTimeoutException(what + " timed out after " + timeoutMillis + " ms");
          }
        }
        selector.select(wait);
        selector.selectedKeys().clear();
        if (!channel.isOpen()) {
          throw new java.nio.channels.ClosedChannelException();
        }
        if ((key.readyOps() & ops) != 0) {
          return;
        }
      }
    } finally {
      if (key.isValid()) {
        key.interestOps(0);
      }
    }
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
    readTimeout = Objects.requireNonNull(timeout);
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen() && channel.isConnected();
  }

  @Override
  public void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      selector.close();
    }
  }

  @Override
  public String toString() {
    return endpoint.toString();
  }

  private final class ChannelInput extends InputStream {
    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      while (true) {
        int n = channel.read(buffer);
        if (n != 0) {
          return n;
        }
        await(SelectionKey.OP_READ, readTimeout, "read");
      }
    }

    @Override
    public void close() throws IOException {
      UnixConnection.this.close();
    }
  }

  private final class ChannelOutput extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      while (buffer.hasRemaining()) {
        if (channel.write(buffer) == 0) {
          // A peer that stops reading must not hang us forever: the read timeout bounds writes too.
          await(SelectionKey.OP_WRITE, readTimeout, "write");
        }
      }
    }

    @Override
    public void close() throws IOException {
      UnixConnection.this.close();
    }
  }
}
