package dev.courier.client;

import dev.courier.http.h2.ErrorCode;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.FrameReader;
import dev.courier.http.h2.FrameWriter;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.HpackDecoder;
import dev.courier.http.h2.HpackEncoder;
import dev.courier.http.h2.Settings;
import dev.courier.testsupport.SendWindows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A scripted h2c server on a raw socket, built from the HTTP/2 core's reader, writer and HPACK:
 * it answers what a test's {@link Script} says, including what Courier's server never does
 * (GOAWAY with a low last-stream-id, RST_STREAM REFUSED_STREAM). Each connection has a reader
 * thread; the script runs on it once a request is complete.
 */
final class FakeH2Server implements AutoCloseable {
  /** Decides what to do with each complete request. */
  interface Script {
    void onRequest(Peer peer, Request request) throws IOException;
  }

  /** A request as received: its connection (0 for the first), stream, fields and body. */
  record Request(int connection, int streamId, Map<String, String> fields, byte[] body) {
    String path() {
      return fields.get(":path");
    }
  }

  private final ServerSocket socket;
  private final Script script;
  final List<Request> received = new CopyOnWriteArrayList<>();
  final List<Peer> peers = new CopyOnWriteArrayList<>();
  /** Every RST_STREAM the client sent, in order. */
  final BlockingQueue<Frame.RstStream> resets = new LinkedBlockingQueue<>();
  /** Every WINDOW_UPDATE the client sent, in order. */
  final BlockingQueue<Frame.WindowUpdate> windowUpdates = new LinkedBlockingQueue<>();
  /** How long each connection holds back its SETTINGS acknowledgement: a round trip, as the client measures it. */
  private volatile long settingsAckDelayMillis;

  FakeH2Server(Script script) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    Thread.ofVirtual().start(this::accept);
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Acknowledges each connection's SETTINGS only after {@code millis}, so that the client measures that round trip. */
  FakeH2Server delaySettingsAck(long millis) {
    settingsAckDelayMillis = millis;
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  private void accept() {
    try {
      while (true) {
        Socket s = socket.accept();
        Peer peer = new Peer(s, peers.size());
        peers.add(peer);
        Thread.ofVirtual().start(peer::run);
      }
    } catch (IOException closed) {
      // the server was closed
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Peer p : peers) p.socket.close();
  }

  /** One accepted connection. */
  final class Peer {
    final Socket socket;
    final int index;
    private final OutputStream out;
    private final FrameWriter writer = new FrameWriter();
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder = new HpackDecoder();
    /** The client's WINDOW_UPDATEs, for a sender that keeps to its windows. */
    private final BlockingQueue<Frame.WindowUpdate> credit = new LinkedBlockingQueue<>();
    /** Counted down when the client closes this connection. */
    final CountDownLatch closedByClient = new CountDownLatch(1);

    Peer(Socket socket, int index) throws IOException {
      this.socket = socket;
      this.index = index;
      this.out = socket.getOutputStream();
    }

    private void run() {
      Map<Integer, Map<String, String>> heads = new HashMap<>();
      Map<Integer, ByteArrayOutputStream> bodies = new HashMap<>();
      FrameReader reader = FrameReader.forServer();
      byte[] buffer = new byte[16 * 1024];
      ByteArrayOutputStream block = null;
      int blockStream = 0;
      boolean blockEnds = false;
      try (InputStream in = socket.getInputStream()) {
        writer.writeSettings(Settings.DEFAULTS);
        flush();
        while (true) {
          Optional<Frame> next;
          while ((next = reader.next()).isPresent()) {
            Frame frame = next.get();
            if (frame instanceof Frame.Settings s && !s.ack()) {
              if (settingsAckDelayMillis > 0) Thread.sleep(settingsAckDelayMillis);
              writer.writeSettingsAck();
              flush();
            } else if (frame instanceof Frame.Headers h) {
              block = new ByteArrayOutputStream();
              block.write(h.fragment());
              blockStream = h.streamId();
              blockEnds = h.endStream();
              if (h.endHeaders()) headers(heads, bodies, blockStream, block.toByteArray(), blockEnds);
            } else if (frame instanceof Frame.Continuation c) {
              block.write(c.fragment());
              if (c.endHeaders()) headers(heads, bodies, blockStream, block.toByteArray(), blockEnds);
            } else if (frame instanceof Frame.Data d) {
              ByteArrayOutputStream body = bodies.get(d.streamId());
              if (body != null) {
                body.write(d.data());
                if (d.data().length > 0) {
                  writer.writeWindowUpdate(0, d.data().length);
                  writer.writeWindowUpdate(d.streamId(), d.data().length);
                  flush();
                }
                if (d.endStream()) complete(heads, bodies, d.streamId());
              }
            } else if (frame instanceof Frame.RstStream r) {
              resets.add(r);
            } else if (frame instanceof Frame.WindowUpdate w) {
              windowUpdates.add(w);
              credit.add(w);
            } else if (frame instanceof Frame.Ping p && !p.ack()) {
              writer.writePingAck(p.opaqueData());
              flush();
            }
          }
          int n = in.read(buffer);
          if (n < 0) break;
          reader.feed(buffer, 0, n);
        }
      } catch (IOException | RuntimeException e) {
        // the connection ended
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closedByClient.countDown();
      }
    }

    private void headers(Map<Integer, Map<String, String>> heads, Map<Integer, ByteArrayOutputStream> bodies,
        int streamId, byte[] block, boolean endStream) throws IOException {
      Map<String, String> fields = new HashMap<>();
      for (HeaderField f : decoder.decode(block, 0, block.length)) fields.put(f.name(), f.value());
      heads.put(streamId, fields);
      bodies.put(streamId, new ByteArrayOutputStream());
      if (endStream) complete(heads, bodies, streamId);
    }

    private void complete(Map<Integer, Map<String, String>> heads, Map<Integer, ByteArrayOutputStream> bodies,
        int streamId) throws IOException {
      Request request = new Request(index, streamId, heads.remove(streamId), bodies.remove(streamId).toByteArray());
      received.add(request);
      script.onRequest(this, request);
    }

    /** Answers {@code streamId} with 200 and {@code text}. */
    void respond(int streamId, String text) throws IOException {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      List<HeaderField> fields = new ArrayList<>();
      fields.add(new HeaderField(":status", "200"));
      fields.add(new HeaderField("content-length", Integer.toString(body.length)));
      byte[] block = encoder.encode(fields);
      writer.writeHeaders(streamId, block, 0, block.length, false);
      writer.writeData(streamId, body, 0, body.length, true);
      flush();
    }

    /** Answers {@code streamId} with 200, {@code text} and then {@code trailers} as a last HEADERS frame. */
    void respondWithTrailers(int streamId, String text, List<HeaderField> trailers) throws IOException {
      respondWithTrailers(streamId, text, trailers, true);
    }

    /** As {@link #respondWithTrailers(int, String, List)}; END_STREAM on the trailers only when {@code endStream}. */
    void respondWithTrailers(int streamId, String text, List<HeaderField> trailers, boolean endStream)
        throws IOException {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      byte[] block = encoder.encode(List.of(new HeaderField(":status", "200")));
      writer.writeHeaders(streamId, block, 0, block.length, false);
      writer.writeData(streamId, body, 0, body.length, false);
      byte[] last = encoder.encode(trailers);
      writer.writeHeaders(streamId, last, 0, last.length, endStream);
      flush();
    }

    /** Answers {@code streamId} with 200 and {@code frames} DATA frames of one byte each and {@code padding} (1..256). */
    void respondPadded(int streamId, int frames, int padding) throws IOException {
      byte[] block = encoder.encode(List.of(new HeaderField(":status", "200")));
      writer.writeHeaders(streamId, block, 0, block.length, false);
      for (int i = 0; i < frames; i++) writer.write(new Frame.Data(streamId, new byte[] {'x'}, i == frames - 1, padding));
      flush();
    }

    /** Answers {@code streamId} with 200 and {@code length} bytes at once, whatever the client's windows say. */
    void respondIgnoringFlowControl(int streamId, int length) throws IOException {
      byte[] block = encoder.encode(List.of(new HeaderField(":status", "200")));
      writer.writeHeaders(streamId, block, 0, block.length, false);
      byte[] body = new byte[length];
      writer.writeData(streamId, body, 0, body.length, true);
      flush();
    }

    /**
     * Answers {@code streamId} with 200 and {@code length} bytes, sent from another thread as fast
     * as the client's windows allow: the stream's starts at {@code streamWindow} (the client's
     * SETTINGS_INITIAL_WINDOW_SIZE), the connection's at 65 535 (RFC 9113 section 6.9.2), and
     * each grows by the client's WINDOW_UPDATEs.
     */
    void respondWithinWindows(int streamId, int length, int streamWindow) throws IOException {
      byte[] block = encoder.encode(List.of(new HeaderField(":status", "200"),
          new HeaderField("content-length", Integer.toString(length))));
      synchronized (this) {
        writer.writeHeaders(streamId, block, 0, block.length, false);
        flush();
      }
      Thread.ofVirtual().start(() -> {
        SendWindows windows = new SendWindows(streamId, streamWindow);
        byte[] chunk = new byte[16 * 1024];
        try {
          for (int sent = 0; sent < length; ) {
            int n;
            while ((n = windows.allowed(Math.min(chunk.length, length - sent))) == 0) windows.credit(credit.take());
            windows.sent(n);
            sent += n;
            synchronized (this) {
              writer.writeData(streamId, chunk, 0, n, sent == length);
              flush();
            }
          }
        } catch (IOException | InterruptedException e) {
          // the connection ended
        }
      });
    }

    /** Answers {@code streamId} with a response head of {@code fields} as they are, and no body. */
    void respondWithHead(int streamId, List<HeaderField> fields) throws IOException {
      byte[] block = encoder.encode(fields);
      writer.writeHeaders(streamId, block, 0, block.length, true);
      flush();
    }

    void reset(int streamId, ErrorCode code) throws IOException {
      writer.writeRstStream(streamId, code);
      flush();
    }

    void goAway(int lastStreamId) throws IOException {
      writer.writeGoAway(lastStreamId, ErrorCode.NO_ERROR, "");
      flush();
    }

    private void flush() throws IOException {
      out.write(writer.drain());
      out.flush();
    }
  }
}
