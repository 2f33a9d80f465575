package dev.courier.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The HTTP/2 side of a {@link HeldConnections} connection (RFC 9113), written by hand so that the
 * client holds nothing a library would add: the preface and an empty SETTINGS on the first ask,
 * then {@code GET /plaintext} on the next odd stream each time, read until that stream ends. The
 * server's SETTINGS are acknowledged as they come and its PINGs answered; the answer must be
 * {@code :status 200} (static table index 8 of RFC 7541, after any table size updates) and the
 * 13-byte body.
 */
final class H2Conversation {
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7;
  private static final int CONTINUATION = 0x9;
  private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8, PRIORITY = 0x20;
  /** A frame larger than SETTINGS_MAX_FRAME_SIZE's default is a broken server (section 4.2). */
  private static final int MAX_FRAME = 16_384;

  private final Socket socket;
  private final byte[] requestBlock;
  /** One reader for the connection's life: frames that follow an answer are read with the next. */
  private final DataInputStream in;
  private int nextStream = 1;

  H2Conversation(Socket socket, boolean tls) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1024));
    // HPACK (RFC 7541): :method GET, :scheme http or https (static indices 2, 6, 7), then :path and
    // :authority as literals without indexing, so that every request's block is the same bytes.
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.write(0x82);
    block.write(tls ? 0x87 : 0x86);
    literal(block, 0x04, "/plaintext");
    literal(block, 0x01, "127.0.0.1");
    this.requestBlock = block.toByteArray();
  }

  private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
    block.write(nameIndex);
    block.write(value.length());
    block.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Asks {@code GET /plaintext} on a new stream and reads its answer.
   *
   * @throws IOException when the answer is not 200 with the 13-byte body, or the connection ended
   */
  void ask() throws IOException {
    int stream = nextStream;
    nextStream += 2;
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    if (stream == 1) {
      frames.writeBytes(PREFACE);
      frame(frames, SETTINGS, 0, 0, new byte[0]);
    }
    frame(frames, HEADERS, END_HEADERS | END_STREAM, stream, requestBlock);
    OutputStream out = socket.getOutputStream();
    out.write(frames.toByteArray());
    out.flush();
    readAnswer(stream, out);
  }

  private void readAnswer(int stream, OutputStream out) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean headersSeen = false;
    while (true) {
      int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      int id = in.readInt() & 0x7fff_ffff;
      if (length > MAX_FRAME) throw new IOException("a frame of " + length + " bytes");
      byte[] payload = new byte[length];
      in.readFully(payload);
      switch (type) {
        case SETTINGS -> {
          if ((flags & ACK) == 0) sendNow(out, SETTINGS, ACK, 0, new byte[0]);
        }
        case PING -> {
          if ((flags & ACK) == 0) sendNow(out, PING, ACK, 0, payload);
        }
        case GOAWAY -> throw new IOException("GOAWAY from the server");
        case RST_STREAM -> {
          if (id == stream) throw new IOException("stream " + stream + " reset");
        }
        case HEADERS, CONTINUATION -> {
          if (id != stream) continue;
          if (type == HEADERS && !headersSeen) {
            int at = skipSizeUpdates(payload, ((flags & PADDED) != 0 ? 1 : 0) + ((flags & PRIORITY) != 0 ? 5 : 0));
            if (at >= payload.length || (payload[at] & 0xff) != 0x88) {
              throw new IOException("the answer's field block does not begin with :status 200: "
                  + HexFormat.of().formatHex(payload));
            }
            headersSeen = true;
          }
        }
        case DATA -> {
          if (id != stream) continue;
          int pad = (flags & PADDED) != 0 ? (payload[0] & 0xff) + 1 : 0;
          body.write(payload, (flags & PADDED) != 0 ? 1 : 0, payload.length - pad);
        }
        default -> {} // WINDOW_UPDATE, PRIORITY and extensions need nothing from a client this small
      }
      if (id == stream && (type == HEADERS || type == DATA) && (flags & END_STREAM) != 0) break;
    }
    if (!headersSeen) throw new IOException("stream " + stream + " ended without a field block");
    if (!Arrays.equals(body.toByteArray(), BenchServers.HELLO)) {
      throw new IOException("answered with a body of " + body.size() + " bytes");
    }
  }

  /**
   * Where the field representations begin: past the dynamic table size updates a block may start
   * with (RFC 7541 section 4.2: {@code 001} and a 5-bit prefix integer, section 5.1).
   */
  static int skipSizeUpdates(byte[] block, int at) {
    while (at < block.length && (block[at] & 0xe0) == 0x20) {
      boolean more = (block[at++] & 0x1f) == 0x1f;
      while (more && at < block.length) more = (block[at++] & 0x80) != 0;
    }
    return at;
  }

  private static void sendNow(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame(frame, type, flags, stream, payload);
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Section 4.1: a 9-byte frame header, then the payload. */
  private static void frame(ByteArrayOutputStream to, int type, int flags, int stream, byte[] payload) {
    to.write(payload.length >>> 16);
    to.write(payload.length >>> 8);
    to.write(payload.length);
    to.write(type);
    to.write(flags);
    to.write(stream >>> 24);
    to.write(stream >>> 16);
    to.write(stream >>> 8);
    to.write(stream);
    to.writeBytes(payload);
  }
}
