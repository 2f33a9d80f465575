package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.courier.http.Headers;
import dev.courier.http.h2.Frame;
import dev.courier.http.h2.FrameReader;
import dev.courier.http.h2.FrameWriter;
import dev.courier.http.h2.H2Exception;
import dev.courier.http.h2.HeaderField;
import dev.courier.http.h2.HpackDecoder;
import dev.courier.http.h2.HpackEncoder;
import dev.courier.http.h2.Settings;
import dev.courier.http.h2.SettingsParameter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes a whole HTTP/2 server connection ({@link H2ServerConnection} behind {@link HttpServer}):
 * the client preface, then fuzzed frames, sent in fuzzer-chosen pieces over loopback and then
 * half-closed; whatever the server answers is read to the end. The frames are either raw bytes
 * (the seeds are real conversations) or built from fuzzer-chosen operations, so that valid HPACK
 * blocks reach the handlers and the stream states deep inside.
 *
 * <p>The invariants: the server answers and closes in bounded time (no hang); its first frame is
 * SETTINGS and everything it sends parses as HTTP/2 frames whose field blocks decode, in order,
 * with one HPACK decoder (the encoder's blocks left in the order encoded, whatever the threads
 * did); no response is a 500; and nothing is logged as a server error (an exception of a type the
 * server did not expect escaped a stream or the connection).
 *
 * <p>Without {@code JAZZER_FUZZ} it replays the saved inputs in {@code
 * src/test/resources/dev/courier/server/H2ServerConnectionFuzzTestInputs/connection/}; {@code
 * ./check} also fuzzes it briefly ({@code scripts/fuzz.sh H2ServerConnectionFuzzTest#connection 5m}
 * for longer).
 */
class H2ServerConnectionFuzzTest {
  private static final AtomicInteger ERRORS = new AtomicInteger();
  private static final HttpServer SERVER = start();

  private static HttpServer start() {
    // Server errors (a handler's unexpected exception, a connection that failed) are logged SEVERE.
    Logger log = Logger.getLogger("dev.courier.server");
    log.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) ERRORS.incrementAndGet();
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
    try {
      HttpServer server = HttpServer.builder()
          .bind(InetAddress.getLoopbackAddress()).port(0).daemon(true)
          .headTimeout(Duration.ofSeconds(3)).bodyTimeout(Duration.ofSeconds(3))
          .writeTimeout(Duration.ofSeconds(3)).maxBodySize(64 * 1024)
          .handler(H2ServerConnectionFuzzTest::handle)
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(Duration.ZERO)));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String[] PATHS = {"/", "/echo", "/stream", "/trailers", "/big", "/empty", "/x?q=1"};

  /** Reads the body in the ways handlers do, by path. */
  private static ServerResponse handle(ServerRequest request) throws IOException {
    String path = request.path();
    if (path.startsWith("/echo")) return ServerResponse.ok(ServerResponseBody.of(request.bodyBytes()));
    if (path.startsWith("/stream")) {
      return ServerResponse.ok(ServerResponseBody.writer(out -> {
        byte[] buf = new byte[512];
        InputStream in = request.body();
        for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
        out.write("end".getBytes(StandardCharsets.US_ASCII));
      }));
    }
    if (path.startsWith("/trailers")) {
      byte[] body = request.bodyBytes();
      Headers got = request.trailers();
      return ServerResponse.builder(200).trailers(() -> Headers.of("x-count", Integer.toString(got.size())))
          .body(ServerResponseBody.of(body)).build();
    }
    if (path.startsWith("/big")) return ServerResponse.ok("x".repeat(100_000));
    if (path.startsWith("/empty")) return ServerResponse.of(204);
    return ServerResponse.ok(request.method() + " " + request.path());
  }

  @FuzzTest(maxDuration = "30s")
  @Timeout(value = 30, unit = TimeUnit.SECONDS) // per input while fuzzing: a hang is a finding
  void connection(FuzzedDataProvider data) throws IOException {
    boolean ops = data.consumeBoolean();
    int piece = data.consumeInt(1, 4096);
    byte[] frames = ops ? build(data) : data.consumeRemainingAsBytes();
    int errorsBefore = ERRORS.get();
    byte[] answer;
    // Jazzer's SSRF detector watches sockets: this target's own connection to its server is meant.
    try (var allowed = BugDetectors.allowNetworkConnections((host, port) -> port == SERVER.port())) {
      LoopbackExchange.Answer a =
          LoopbackExchange.send(SERVER.port(), H2Peer.PREFACE, frames, piece, Duration.ofSeconds(20), 64 << 20);
      assertThat(a.timedOut()).as("the server neither finished nor closed within 20 s").isFalse();
      answer = a.bytes();
    }
    List<String> statuses = check(answer);
    assertThat(statuses).doesNotContain("500");
    assertThat(ERRORS.get()).as("server errors logged").isEqualTo(errorsBefore);
  }

  /** Frames made of fuzzer-chosen operations: valid requests among broken and odd frames. */
  private static byte[] build(FuzzedDataProvider data) {
    FrameWriter w = new FrameWriter();
    HpackEncoder encoder = new HpackEncoder();
    w.writeSettings(Settings.DEFAULTS);
    w.writeSettingsAck();
    int stream = 1;
    for (int op = 0; op < 64 && data.remainingBytes() > 0; op++) {
      int recent = Math.max(1, stream - 2 * data.consumeInt(0, 3));
      switch (data.consumeInt(0, 12)) {
        case 0, 1 -> {
          String method = data.pickValue(new String[] {"GET", "POST", "HEAD", "PUT", "OPTIONS", "CONNECT"});
          List<HeaderField> fields = new ArrayList<>(List.of(new HeaderField(":method", method),
              new HeaderField(":scheme", "http"), new HeaderField(":authority", "localhost"),
              new HeaderField(":path", data.pickValue(PATHS))));
          if (data.consumeBoolean()) fields.add(new HeaderField("content-length", Integer.toString(data.consumeInt(0, 70_000))));
          if (data.consumeBoolean()) fields.add(new HeaderField(data.consumeAsciiString(8), data.consumeAsciiString(16)));
          byte[] block = encoder.encode(fields);
          w.writeHeaders(stream, block, 0, block.length, data.consumeBoolean());
          stream += 2;
        }
        case 2, 3 -> {
          byte[] body = data.consumeBytes(data.consumeInt(0, 20_000));
          w.writeData(recent, body, 0, body.length, data.consumeBoolean());
        }
        case 4 -> {
          byte[] block = encoder.encode(List.of(new HeaderField("x-trailer", data.consumeAsciiString(8))));
          w.writeHeaders(recent, block, 0, block.length, data.consumeBoolean());
        }
        case 5 -> w.write(new Frame.RstStream(recent, data.consumeInt(0, 14)));
        case 6 -> w.writeWindowUpdate(data.consumeBoolean() ? 0 : recent, data.consumeInt(1, Integer.MAX_VALUE));
        case 7 -> {
          SettingsParameter p = data.pickValue(SettingsParameter.values());
          // Valid values only here (invalid ones come as raw frames below).
          w.writeSettings(Settings.DEFAULTS.with(p, data.consumeLong(p.min(), Math.min(p.max(), 1L << 24))));
        }
        case 8 -> w.writePing(data.consumeLong());
        case 9 -> w.writePriority(recent, data.consumeInt(0, stream + 2), data.consumeBoolean(), data.consumeInt(1, 256));
        case 10 -> w.writeGoAway(data.consumeInt(0, stream), dev.courier.http.h2.ErrorCode.NO_ERROR, "");
        case 11 -> w.writeSettingsAck();
        default -> {
          // Any frame at all: type, flags, stream and payload as the fuzzer likes.
          byte[] payload = data.consumeBytes(data.consumeInt(0, 64));
          int type = data.consumeInt(0, 12);
          int flags = data.consumeInt(0, 255);
          int id = data.consumeBoolean() ? recent : data.consumeInt(0, Integer.MAX_VALUE);
          ByteArrayOutputStream raw = new ByteArrayOutputStream();
          raw.write(payload.length >>> 16);
          raw.write(payload.length >>> 8);
          raw.write(payload.length);
          raw.write(type);
          raw.write(flags);
          raw.write(id >>> 24);
          raw.write(id >>> 16);
          raw.write(id >>> 8);
          raw.write(id);
          raw.writeBytes(payload);
          byte[] before = w.drain();
          ByteArrayOutputStream all = new ByteArrayOutputStream();
          all.writeBytes(before);
          all.writeBytes(raw.toByteArray());
          return appendRest(all.toByteArray(), data);
        }
      }
    }
    return w.drain();
  }

  /** After a raw frame, the rest of the input as raw bytes too. */
  private static byte[] appendRest(byte[] head, FuzzedDataProvider data) {
    byte[] rest = data.consumeRemainingAsBytes();
    byte[] all = new byte[head.length + rest.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(rest, 0, all, head.length, rest.length);
    return all;
  }

  /**
   * Reads the answer as HTTP/2 frames from a server (the reader checks the sequence: SETTINGS
   * first, CONTINUATION only where due) and decodes every field block in order.
   *
   * @return the :status of every response head
   */
  private static List<String> check(byte[] answer) {
    // The client may have raised SETTINGS_MAX_FRAME_SIZE: frames up to the largest allowed are legal.
    FrameReader reader = FrameReader.forClient().maxFrameSize((1 << 24) - 1).maxHeaderBlockSize(1 << 20);
    reader.feed(answer, 0, answer.length);
    HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
    List<String> statuses = new ArrayList<>();
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    try {
      for (Optional<Frame> f; (f = reader.next()).isPresent(); ) {
        boolean end;
        switch (f.get()) {
          case Frame.Headers h -> {
            block.reset();
            block.writeBytes(h.fragment());
            end = h.endHeaders();
          }
          case Frame.Continuation c -> {
            block.writeBytes(c.fragment());
            end = c.endHeaders();
          }
          default -> end = false;
        }
        if (end) {
          byte[] bytes = block.toByteArray();
          for (HeaderField field : decoder.decode(bytes, 0, bytes.length)) {
            if (field.name().equals(":status")) statuses.add(field.value());
          }
        }
      }
    } catch (H2Exception e) {
      throw new AssertionError("the server sent a malformed frame or field block: " + e.getMessage(), e);
    }
    return statuses;
  }
}
