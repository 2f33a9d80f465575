package dev.courier.server;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.FrameReader;
import dev.courier.http.h2.FrameWriter;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.HpackDecoder;
import dev.courier.http.h2.HpackEncoder;
import dev.courier.http.h2.Settings;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A raw HTTP/2 client for conformance tests: sends frames as built (legal ones through the
 * codec's writer, illegal ones byte by byte) and reads the server's frames back.
 */
final class H2Peer implements Closeable {
  static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final FrameReader reader = FrameReader.forClient();
  final FrameWriter writer = new FrameWriter();
  final HpackEncoder encoder = new HpackEncoder();
  private final HpackDecoder decoder = new HpackDecoder();
  private final byte[] buffer = new byte[16 * 1024];
  /** Frames read but not yet looked at by a test. */
  final List<Frame> seen = new ArrayList<>();

  H2Peer(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  private H2Peer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(10_000); // a guard against a hang, not a timing assertion
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** A peer over TLS or plaintext (h2c) with the preface and SETTINGS exchanged ({@link #handshake}). */
  static H2Peer handshaken(int port, boolean tls) throws IOException {
    return tls ? overTls(port).handshake() : new H2Peer(port).handshake();
  }

  /** A peer over TLS that trusts the test PKI and asks for h2 by ALPN (RFC 9113 section 3.2). */
  static H2Peer overTls(int port) throws IOException {
    return overTls(port, null);
  }

  /** As {@link #overTls(int)}, offering only the TLS versions {@code protocols} (all when null). */
  static H2Peer overTls(int port, String[] protocols) throws IOException {
    javax.net.ssl.SSLContext context = dev.courier.testsupport.TestPki.get().clientContext();
    javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    javax.net.ssl.SSLParameters parameters = ssl.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"h2"});
    if (protocols != null) parameters.setProtocols(protocols);
    ssl.setSSLParameters(parameters);
    ssl.startHandshake();
    if (!"h2".equals(ssl.getApplicationProtocol())) throw new AssertionError("ALPN chose " + ssl.getApplicationProtocol());
    return new H2Peer(ssl);
  }

  /** Preface, empty SETTINGS, and the ACK of the server's SETTINGS. */
  H2Peer handshake() throws IOException {
    out.write(PREFACE);
    writer.writeSettings(Settings.DEFAULTS);
    flush();
    Frame first = next().orElseThrow(() -> new AssertionError("closed before SETTINGS"));
    if (!(first instanceof Frame.Settings s) || s.ack()) throw new AssertionError("first frame " + first);
    writer.writeSettingsAck();
    flush();
    return this;
  }

  /**
   * As {@link #handshake()}, holding the ACK of the server's SETTINGS back {@code millis}: the
   * round trip the server measures. Returns the server's SETTINGS.
   */
  Settings handshakeAckingAfter(long millis) throws IOException, InterruptedException {
    out.write(PREFACE);
    writer.writeSettings(Settings.DEFAULTS);
    flush();
    Frame first = next().orElseThrow(() -> new AssertionError("closed before SETTINGS"));
    if (!(first instanceof Frame.Settings s) || s.ack()) throw new AssertionError("first frame " + first);
    Thread.sleep(millis);
    writer.writeSettingsAck();
    flush();
    return s.settings();
  }

  void flush() throws IOException {
    out.write(writer.drain());
    out.flush();
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** A frame exactly as given: any type, flags, stream and payload. */
  void raw(int type, int flags, int streamId, byte[] payload) throws IOException {
    byte[] frame = new byte[9 + payload.length];
    frame[0] = (byte) (payload.length >>> 16);
    frame[1] = (byte) (payload.length >>> 8);
    frame[2] = (byte) payload.length;
    frame[3] = (byte) type;
    frame[4] = (byte) flags;
    frame[5] = (byte) (streamId >>> 24);
    frame[6] = (byte) (streamId >>> 16);
    frame[7] = (byte) (streamId >>> 8);
    frame[8] = (byte) streamId;
    System.arraycopy(payload, 0, frame, 9, payload.length);
    send(frame);
  }

  static byte[] u32(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static List<HeaderField> fields(String... namesAndValues) {
    List<HeaderField> list = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) list.add(new HeaderField(namesAndValues[i], namesAndValues[i + 1]));
    return list;
  }

  static String[] request(String method, String path, String... more) {
    List<String> all = new ArrayList<>(List.of(":method", method, ":scheme", "http", ":authority", "localhost", ":path", path));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  byte[] block(String... namesAndValues) {
    return encoder.encode(fields(namesAndValues));
  }

  /** HEADERS with END_HEADERS (split into CONTINUATION by the writer when large). */
  void headers(int streamId, boolean endStream, String... namesAndValues) throws IOException {
    byte[] block = block(namesAndValues);
    writer.writeHeaders(streamId, block, 0, block.length, endStream);
    flush();
  }

  void get(int streamId) throws IOException {
    headers(streamId, true, request("GET", "/"));
  }

  void post(int streamId, String path) throws IOException {
    headers(streamId, false, request("POST", path));
  }

  void data(int streamId, String text, boolean endStream) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    writer.writeData(streamId, b, 0, b.length, endStream);
    flush();
  }

  void ping(long data) throws IOException {
    writer.writePing(data);
    flush();
  }

  /** The next frame from the server, or empty at the end of the connection. */
  Optional<Frame> next() throws IOException {
    while (true) {
      Optional<Frame> f = reader.next();
      if (f.isPresent()) {
        if (f.get() instanceof Frame.Headers h) decodeQuietly(h);
        return f;
      }
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no frame from the server within 10 s; seen " + seen);
      } catch (IOException e) {
        return Optional.empty(); // reset by the server after its GOAWAY
      }
      if (n < 0) return Optional.empty();
      reader.feed(buffer, 0, n);
    }
  }

  /**
   * Reads until every stream of {@code open} ended (each is removed from it), giving back credit
   * for every DATA frame; bodies go to {@code bodies} and each stream's first status to {@code
   * statuses}, for other streams too (answers on threads of their own come in any order), and
   * {@code ended} hears of every stream that ended. RST_STREAM or GOAWAY fail the read.
   */
  void readUntilEnded(java.util.Set<Integer> open, java.util.Map<Integer, ByteArrayOutputStream> bodies,
      java.util.Map<Integer, String> statuses, java.util.Set<Integer> ended) throws IOException {
    while (!open.isEmpty()) {
      Frame f = next().orElseThrow(() -> new AssertionError("closed with streams open: " + open));
      int id;
      boolean end;
      if (f instanceof Frame.Headers h) {
        statuses.putIfAbsent(h.streamId(), lastStatus);
        id = h.streamId();
        end = h.endStream();
      } else if (f instanceof Frame.Data d) {
        bodies.computeIfAbsent(d.streamId(), k -> new ByteArrayOutputStream()).write(d.data(), 0, d.data().length);
        if (d.data().length > 0) {
          writer.writeWindowUpdate(0, d.data().length);
          writer.writeWindowUpdate(d.streamId(), d.data().length);
          flush();
        }
        id = d.streamId();
        end = d.endStream();
      } else if (f instanceof Frame.RstStream || f instanceof Frame.GoAway) {
        throw new AssertionError("unexpected " + f);
      } else {
        continue;
      }
      if (end) {
        ended.add(id);
        open.remove(id);
      }
    }
  }

  /** Everything the server sends until it closes, as text (for a reply that is not HTTP/2). */
  String rawReply() throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  /** The next frame of type {@code type}, skipping others (WINDOW_UPDATE, SETTINGS ACK...). */
  <T extends Frame> T nextOf(Class<T> type) throws IOException {
    while (true) {
      Frame f = next().orElseThrow(() -> new AssertionError("closed before a " + type.getSimpleName()));
      if (type.isInstance(f)) return type.cast(f);
    }
  }

  /** The :status of the last response HEADERS read. */
  String lastStatus = "";
  /** The fields of the last HEADERS read (a head or trailers). */
  List<HeaderField> lastFields = List.of();

  private void decodeQuietly(Frame.Headers h) {
    if (!h.endHeaders()) return; // the conformance server's heads fit one frame
    lastFields = decoder.decode(h.fragment(), 0, h.fragment().length);
    for (HeaderField f : lastFields) {
      if (f.name().equals(":status")) lastStatus = f.value();
    }
  }

  /** All bytes of DATA on {@code streamId} until END_STREAM, with WINDOW_UPDATEs as a client sends them. */
  String body(int streamId) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      Frame f = next().orElseThrow(() -> new AssertionError("closed before the body ended"));
      if (f instanceof Frame.Data d && d.streamId() == streamId) {
        body.write(d.data(), 0, d.data().length);
        if (d.data().length > 0) {
          writer.writeWindowUpdate(0, d.data().length);
          writer.writeWindowUpdate(streamId, d.data().length);
          flush();
        }
        if (d.endStream()) return body.toString(StandardCharsets.UTF_8);
      } else if (f instanceof Frame.Headers h && h.streamId() == streamId && h.endStream()) {
        return body.toString(StandardCharsets.UTF_8);
      } else if (f instanceof Frame.RstStream || f instanceof Frame.GoAway) {
        throw new AssertionError("body ended by " + f);
      }
    }
  }

  /** Whether a frame is the connection error {@code code}. */
  static boolean isGoAway(Frame f, ErrorCode code) {
    return f instanceof Frame.GoAway g && g.error() == code;
  }

  /** Ends what this peer sends (over TLS with close_notify) and keeps reading: a half-close. */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
