package dev.courier.net;

import java.io.InputStream;
import java.util.Objects;

/**
 * Bytes already read from a socket, handed to the JDK's TLS socket to read before the socket
 * itself ({@link TlsContexts#socketOver(javax.net.ssl.SSLContext, java.net.Socket, byte[])}). The
 * TLS socket keeps the stream it was given for its whole life, so this one lets go of its array
 * once the last byte is read: a ClientHello (about 1.9 KB from a browser offering a post-quantum
 * key share) is not kept by every open connection. Read by one thread at a time, as the TLS
 * socket's reads are.
 */
final class ConsumedBytes extends InputStream {
  private static final byte[] NONE = new byte[0];

  private byte[] bytes;
  private int position;

  ConsumedBytes(byte[] bytes) {
    this.bytes = bytes.length == 0 ? NONE : bytes;
  }

  @Override
  public int read() {
    if (position == bytes.length) return -1;
    int b = bytes[position++] & 0xff;
    if (position == bytes.length) letGo();
    return b;
  }

  @Override
  public int read(byte[] target, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, target.length);
    if (length == 0) return 0;
    if (position == bytes.length) return -1;
    int n = Math.min(length, bytes.length - position);
    System.arraycopy(bytes, position, target, offset, n);
    position += n;
    if (position == bytes.length) letGo();
    return n;
  }

  @Override
  public int available() {
    return bytes.length - position;
  }

  /** Whether the array is still held: false once every byte was read. */
  boolean holdsBytes() {
    return bytes != NONE;
  }

  private void letGo() {
    bytes = NONE;
    position = 0;
  }
}
