package dev.courier.server;

import static dev.courier.http.h2.ErrorCode.COMPRESSION_ERROR;
import static dev.courier.http.h2.ErrorCode.ENHANCE_YOUR_CALM;
import static dev.courier.http.h2.ErrorCode.FLOW_CONTROL_ERROR;
import static dev.courier.http.h2.ErrorCode.FRAME_SIZE_ERROR;
import static dev.courier.http.h2.ErrorCode.PROTOCOL_ERROR;
import static dev.courier.http.h2.ErrorCode.REFUSED_STREAM;
import static dev.courier.http.h2.ErrorCode.STREAM_CLOSED;
import static dev.courier.server.H2ConformanceTest.*;
import static dev.courier.server.H2Peer.request;
import static dev.courier.server.H2Peer.u32;

import java.nio.charset.StandardCharsets;

/** The cases of {@link H2ConformanceTest}, by section of RFC 9113 and RFC 7541. */
final class H2ConformanceCases {
  private H2ConformanceCases() {}

  static void addAll() {
    preface();
    frames();
    streamStates();
    streamIdsAndConcurrency();
    priority();
    data();
    headers();
    rstStream();
    settings();
    ping();
    goAway();
    windowUpdate();
    continuation();
    messages();
    hpack();
    attacks();
  }

  /** RFC 9113 section 3.4. */
  static void preface() {
    // On plaintext a connection that does not open with the exact preface is HTTP/1.1 (RFC 9113
    // section 3.3): the HTTP/1.1 parser refuses "PRI * HTTP/2.0" and closes.
    addRaw("3.4", "a wrong preface", p -> p.send("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
        new NotHttp2());
    addRaw("3.4", "the preface followed by a non-SETTINGS frame", p -> {
      p.send(H2Peer.PREFACE);
      p.raw(PING, 0, 0, new byte[8]);
    }, conn(PROTOCOL_ERROR));
    addRaw("3.4", "the preface followed by SETTINGS ACK", p -> {
      p.send(H2Peer.PREFACE);
      p.raw(SETTINGS, 1, 0, new byte[0]);
    }, conn(PROTOCOL_ERROR));
    addRaw("3.4", "the preface and SETTINGS: server answers", p -> {
      p.send(H2Peer.PREFACE);
      p.raw(SETTINGS, 0, 0, new byte[0]);
    }, alive());
    add("3.4", "a request after the preface", p -> p.get(1), ok(1));
  }

  /** RFC 9113 sections 4.1 to 4.3 and 5.5. */
  static void frames() {
    add("4.1", "an unknown frame type is ignored", p -> p.raw(0x20, 0, 0, new byte[] {1, 2, 3}), alive());
    add("4.1", "unknown flags are ignored", p -> p.raw(PING, 0x16, 0, new byte[8]), alive());
    add("4.1", "the reserved bit is ignored", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 0x8000_0001,
        p.block(get())), ok(1));
    add("4.2", "DATA larger than SETTINGS_MAX_FRAME_SIZE", p -> {
      p.post(1, "/echo");
      p.raw(DATA, 0, 1, new byte[16_385]);
    }, conn(FRAME_SIZE_ERROR));
    add("4.2", "HEADERS larger than SETTINGS_MAX_FRAME_SIZE", p -> p.raw(HEADERS, END_HEADERS, 1, new byte[16_385]),
        conn(FRAME_SIZE_ERROR));
    add("4.2", "a PING of 7 octets", p -> p.raw(PING, 0, 0, new byte[7]), conn(FRAME_SIZE_ERROR));
    add("4.3", "a field block that does not decode", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 1,
        bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)), conn(COMPRESSION_ERROR));
    add("4.3", "PRIORITY between HEADERS and CONTINUATION", p -> {
      p.raw(HEADERS, END_STREAM, 1, p.block(get()));
      p.raw(PRIORITY, 0, 1, concat(u32(0), bytes(15)));
    }, conn(PROTOCOL_ERROR));
    add("5.5", "an unknown frame inside a field block", p -> {
      p.raw(HEADERS, END_STREAM, 1, p.block(get()));
      p.raw(0x20, 0, 1, new byte[4]);
    }, conn(PROTOCOL_ERROR));
    add("5.5", "an unknown frame on a stream is ignored", p -> {
      p.raw(0x21, 0xff, 7, new byte[10]);
      p.get(1);
    }, ok(1));
  }

  /** RFC 9113 section 5.1. */
  static void streamStates() {
    add("5.1", "idle: DATA", p -> p.raw(DATA, 0, 1, new byte[1]), conn(PROTOCOL_ERROR));
    add("5.1", "idle: RST_STREAM", p -> p.raw(RST_STREAM, 0, 1, u32(8)), conn(PROTOCOL_ERROR));
    add("5.1", "idle: WINDOW_UPDATE", p -> p.raw(WINDOW_UPDATE, 0, 1, u32(100)), conn(PROTOCOL_ERROR));
    add("5.1", "idle: CONTINUATION", p -> p.raw(CONTINUATION, END_HEADERS, 1, p.block(get())), conn(PROTOCOL_ERROR));
    add("5.1", "idle: PRIORITY is allowed", p -> p.raw(PRIORITY, 0, 9, concat(u32(0), bytes(15))), alive());
    add("5.1", "half-closed (remote): DATA", p -> {
      p.headers(1, true, request("POST", "/echo"));
      p.raw(DATA, 0, 1, bytes('x'));
    }, new StreamOrConnectionError(1, STREAM_CLOSED)); // connection error once the response has ended
    add("5.1", "half-closed (remote): HEADERS", p -> {
      p.headers(1, true, request("POST", "/echo"));
      p.raw(HEADERS, END_HEADERS | END_STREAM, 1, p.block("x-trailer", "1"));
    }, new StreamOrConnectionError(1, STREAM_CLOSED));
    add("5.1", "half-closed (remote): CONTINUATION", p -> {
      p.headers(1, true, request("POST", "/echo"));
      p.raw(CONTINUATION, END_HEADERS, 1, p.block("x", "1"));
    }, conn(PROTOCOL_ERROR));
    add("5.1", "half-closed (remote): WINDOW_UPDATE is allowed", p -> {
      p.headers(1, true, request("POST", "/echo"));
      p.raw(WINDOW_UPDATE, 0, 1, u32(1000));
    }, ok(1));
    add("5.1", "closed: DATA after the stream ended", p -> {
      p.get(1);
      p.body(1);
      p.raw(DATA, 0, 1, bytes('x'));
    }, conn(STREAM_CLOSED));
    add("5.1", "closed: HEADERS after the stream ended", p -> {
      p.get(1);
      p.body(1);
      p.raw(HEADERS, END_HEADERS | END_STREAM, 1, p.block(get()));
    }, conn(STREAM_CLOSED));
    add("5.1", "closed: DATA after the client's RST_STREAM", p -> {
      p.post(1, "/echo");
      p.raw(RST_STREAM, 0, 1, u32(8));
      p.raw(DATA, 0, 1, bytes('x'));
    }, stream(1, STREAM_CLOSED));
    add("5.1", "closed: CONTINUATION after the stream ended", p -> {
      p.get(1);
      p.body(1);
      p.raw(CONTINUATION, END_HEADERS, 1, p.block("x", "1"));
    }, conn(PROTOCOL_ERROR));
    add("5.1", "closed: WINDOW_UPDATE is ignored", p -> {
      p.get(1);
      p.body(1);
      p.raw(WINDOW_UPDATE, 0, 1, u32(10));
    }, alive());
    add("5.1", "closed: PRIORITY is ignored", p -> {
      p.get(1);
      p.body(1);
      p.raw(PRIORITY, 0, 1, concat(u32(0), bytes(15)));
    }, alive());
    add("5.1", "closed: RST_STREAM is ignored", p -> {
      p.get(1);
      p.body(1);
      p.raw(RST_STREAM, 0, 1, u32(8));
    }, alive());
  }

  /** RFC 9113 sections 5.1.1 and 5.1.2. */
  static void streamIdsAndConcurrency() {
    add("5.1.1", "an even stream id from a client", p -> p.headers(2, true, get()), conn(PROTOCOL_ERROR));
    add("5.1.1", "a stream id below the last one", p -> {
      p.get(5);
      p.get(3);
    }, conn(PROTOCOL_ERROR));
    add("5.1.1", "the same stream id twice", p -> {
      p.get(3);
      p.body(3);
      p.get(3);
    }, conn(STREAM_CLOSED));
    add("5.1.1", "skipped ids are closed, larger ones open", p -> {
      p.get(1);
      p.get(101);
    }, ok(101));
    add("5.1.2", "a stream past SETTINGS_MAX_CONCURRENT_STREAMS", p -> {
      for (int i = 0; i < 100; i++) p.post(1 + 2 * i, "/echo");
      p.post(201, "/echo");
    }, stream(201, REFUSED_STREAM));
    add("5.1.2", "streams within the limit are served", p -> {
      for (int i = 0; i < 99; i++) p.post(1 + 2 * i, "/echo");
      p.get(199);
    }, ok(199));
  }

  /** RFC 9113 section 5.3 and 6.3. */
  static void priority() {
    add("5.3.1", "HEADERS depending on its own stream", p -> p.raw(HEADERS, END_STREAM | END_HEADERS | PRIORITY_FLAG, 1,
        concat(u32(1), bytes(15), p.block(get()))), stream(1, PROTOCOL_ERROR));
    add("5.3.1", "PRIORITY depending on its own stream", p -> p.raw(PRIORITY, 0, 3, concat(u32(3), bytes(15))),
        stream(3, PROTOCOL_ERROR));
    add("6.3", "PRIORITY on stream 0", p -> p.raw(PRIORITY, 0, 0, concat(u32(1), bytes(15))), conn(PROTOCOL_ERROR));
    add("6.3", "PRIORITY of 4 octets", p -> p.raw(PRIORITY, 0, 1, u32(0)), stream(1, FRAME_SIZE_ERROR));
    add("6.3", "PRIORITY of 6 octets", p -> p.raw(PRIORITY, 0, 1, new byte[6]), stream(1, FRAME_SIZE_ERROR));
    add("6.3", "PRIORITY on an open stream is ignored", p -> {
      p.post(1, "/echo");
      p.raw(PRIORITY, 0, 1, concat(u32(0), bytes(200)));
      p.data(1, "abc", true);
    }, ok(1));
    add("6.2", "HEADERS with priority fields is served", p -> p.raw(HEADERS, END_STREAM | END_HEADERS | PRIORITY_FLAG, 1,
        concat(u32(0x8000_0000L), bytes(255), p.block(get()))), ok(1));
  }

  /** RFC 9113 section 6.1. */
  static void data() {
    add("6.1", "DATA on stream 0", p -> p.raw(DATA, 0, 0, bytes('x')), conn(PROTOCOL_ERROR));
    add("6.1", "DATA with a pad length beyond the frame", p -> {
      p.post(1, "/echo");
      p.raw(DATA, PADDED, 1, bytes(5, 'a', 'b'));
    }, conn(PROTOCOL_ERROR));
    add("6.1", "DATA with padding is served", p -> {
      p.post(1, "/echo");
      p.raw(DATA, PADDED | END_STREAM, 1, bytes(3, 'a', 'b', 0, 0, 0));
    }, ok(1));
    add("6.1", "DATA padded with a pad length of 0", p -> {
      p.post(1, "/echo");
      p.raw(DATA, PADDED | END_STREAM, 1, bytes(0, 'a'));
    }, ok(1));
    add("6.1", "an empty DATA with END_STREAM ends the request", p -> {
      p.post(1, "/echo");
      p.raw(DATA, END_STREAM, 1, new byte[0]);
    }, ok(1));
    add("6.1", "DATA in many frames", p -> {
      p.post(1, "/echo");
      for (int i = 0; i < 20; i++) p.data(1, "0123456789", false);
      p.data(1, "", true);
    }, ok(1));
  }

  /** RFC 9113 section 6.2. */
  static void headers() {
    add("6.2", "HEADERS on stream 0", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 0, p.block(get())), conn(PROTOCOL_ERROR));
    add("6.2", "HEADERS with a pad length beyond the frame", p -> p.raw(HEADERS, END_HEADERS | PADDED, 1,
        concat(bytes(200), p.block(get()))), conn(PROTOCOL_ERROR));
    add("6.2", "HEADERS with padding is served", p -> p.raw(HEADERS, END_STREAM | END_HEADERS | PADDED, 1,
        concat(bytes(4), p.block(get()), new byte[4])), ok(1));
    add("6.2", "HEADERS without END_HEADERS then DATA", p -> {
      p.raw(HEADERS, 0, 1, p.block(request("POST", "/echo")));
      p.raw(DATA, 0, 1, bytes('x'));
    }, conn(PROTOCOL_ERROR));
    add("6.2", "HEADERS without END_HEADERS then HEADERS on another stream", p -> {
      p.raw(HEADERS, 0, 1, p.block(get()));
      p.raw(HEADERS, END_HEADERS, 3, new byte[0]);
    }, conn(PROTOCOL_ERROR));
    add("6.2", "HEADERS with PRIORITY flag but too short", p -> p.raw(HEADERS, END_HEADERS | PRIORITY_FLAG, 1,
        bytes(0, 0)), conn(FRAME_SIZE_ERROR));
  }

  /** RFC 9113 section 6.4. */
  static void rstStream() {
    add("6.4", "RST_STREAM on stream 0", p -> p.raw(RST_STREAM, 0, 0, u32(8)), conn(PROTOCOL_ERROR));
    add("6.4", "RST_STREAM of 3 octets", p -> {
      p.post(1, "/echo");
      p.raw(RST_STREAM, 0, 1, bytes(0, 0, 8));
    }, conn(FRAME_SIZE_ERROR));
    add("6.4", "RST_STREAM of 5 octets", p -> {
      p.post(1, "/echo");
      p.raw(RST_STREAM, 0, 1, new byte[5]);
    }, conn(FRAME_SIZE_ERROR));
    add("6.4", "RST_STREAM cancels an open stream; the connection goes on", p -> {
      p.post(1, "/echo");
      p.raw(RST_STREAM, 0, 1, u32(8));
      p.get(3);
    }, ok(3));
    add("6.4", "RST_STREAM with an unknown code", p -> {
      p.post(1, "/echo");
      p.raw(RST_STREAM, 0, 1, u32(0xff));
    }, alive());
  }

  /** RFC 9113 section 6.5. */
  static void settings() {
    add("6.5", "SETTINGS ACK with a payload", p -> p.raw(SETTINGS, 1, 0, setting(3, 100)), conn(FRAME_SIZE_ERROR));
    add("6.5", "SETTINGS on a stream", p -> p.raw(SETTINGS, 0, 1, setting(3, 100)), conn(PROTOCOL_ERROR));
    add("6.5", "SETTINGS of 5 octets", p -> p.raw(SETTINGS, 0, 0, new byte[5]), conn(FRAME_SIZE_ERROR));
    add("6.5", "SETTINGS of 7 octets", p -> p.raw(SETTINGS, 0, 0, new byte[7]), conn(FRAME_SIZE_ERROR));
    add("6.5.2", "SETTINGS_ENABLE_PUSH 2", p -> p.raw(SETTINGS, 0, 0, setting(2, 2)), conn(PROTOCOL_ERROR));
    add("6.5.2", "SETTINGS_INITIAL_WINDOW_SIZE 2^31", p -> p.raw(SETTINGS, 0, 0, setting(4, 1L << 31)),
        conn(FLOW_CONTROL_ERROR));
    add("6.5.2", "SETTINGS_MAX_FRAME_SIZE 16383", p -> p.raw(SETTINGS, 0, 0, setting(5, 16_383)), conn(PROTOCOL_ERROR));
    add("6.5.2", "SETTINGS_MAX_FRAME_SIZE 2^24", p -> p.raw(SETTINGS, 0, 0, setting(5, 1 << 24)), conn(PROTOCOL_ERROR));
    add("6.5.2", "an unknown setting is ignored", p -> p.raw(SETTINGS, 0, 0, setting(0xff, 1)), alive());
    add("6.5.2", "SETTINGS_ENABLE_PUSH 0 and 1 are fine", p -> {
      p.raw(SETTINGS, 0, 0, setting(2, 0));
      p.raw(SETTINGS, 0, 0, setting(2, 1));
    }, alive());
    add("6.5.2", "SETTINGS_MAX_FRAME_SIZE 2^24-1 is fine", p -> p.raw(SETTINGS, 0, 0, setting(5, (1 << 24) - 1)), alive());
    add("6.5.2", "SETTINGS_HEADER_TABLE_SIZE 0: responses still decode", p -> {
      p.raw(SETTINGS, 0, 0, setting(1, 0));
      p.get(1);
      p.body(1);
      p.get(3);
    }, ok(3));
    add("6.5.3", "SETTINGS is acknowledged", p -> {
      p.raw(SETTINGS, 0, 0, setting(3, 10));
      var f = p.nextOf(dev.courier.http.h2.Frame.Settings.class);
      while (!f.ack()) f = p.nextOf(dev.courier.http.h2.Frame.Settings.class);
    }, alive());
    add("6.5.3", "several SETTINGS values in one frame", p -> p.raw(SETTINGS, 0, 0,
        concat(setting(1, 8192), setting(3, 50), setting(4, 100_000), setting(5, 32_768), setting(6, 10_000))), alive());
  }

  /** RFC 9113 section 6.7. */
  static void ping() {
    add("6.7", "PING is answered with the same data", p -> {
      p.ping(42);
      var ping = p.nextOf(dev.courier.http.h2.Frame.Ping.class);
      if (!(ping.ack() && ping.opaqueData() == 42)) throw new AssertionError("not the PING ACK: " + ping);
    }, alive());
    add("6.7", "a PING ACK is not answered", p -> p.raw(PING, 1, 0, new byte[8]), alive());
    add("6.7", "PING on a stream", p -> p.raw(PING, 0, 1, new byte[8]), conn(PROTOCOL_ERROR));
    add("6.7", "PING of 9 octets", p -> p.raw(PING, 0, 0, new byte[9]), conn(FRAME_SIZE_ERROR));
  }

  /** RFC 9113 section 6.8. */
  static void goAway() {
    add("6.8", "GOAWAY on a stream", p -> p.raw(GOAWAY, 0, 1, concat(u32(0), u32(0))), conn(PROTOCOL_ERROR));
    add("6.8", "GOAWAY of 7 octets", p -> p.raw(GOAWAY, 0, 0, new byte[7]), conn(FRAME_SIZE_ERROR));
  }

  /** RFC 9113 section 6.9. */
  static void windowUpdate() {
    add("6.9", "WINDOW_UPDATE of 0 on the connection", p -> p.raw(WINDOW_UPDATE, 0, 0, u32(0)), conn(PROTOCOL_ERROR));
    add("6.9", "WINDOW_UPDATE of 0 on a stream", p -> {
      p.post(1, "/echo");
      p.raw(WINDOW_UPDATE, 0, 1, u32(0));
    }, stream(1, PROTOCOL_ERROR));
    add("6.9", "WINDOW_UPDATE of 3 octets", p -> p.raw(WINDOW_UPDATE, 0, 0, bytes(0, 0, 1)), conn(FRAME_SIZE_ERROR));
    add("6.9", "WINDOW_UPDATE of 5 octets", p -> p.raw(WINDOW_UPDATE, 0, 0, new byte[5]), conn(FRAME_SIZE_ERROR));
    add("6.9.1", "the connection window past 2^31-1", p -> {
      p.raw(WINDOW_UPDATE, 0, 0, u32(0x7fff_ffffL));
    }, conn(FLOW_CONTROL_ERROR));
    add("6.9.1", "a stream window past 2^31-1", p -> {
      p.post(1, "/echo");
      p.raw(WINDOW_UPDATE, 0, 1, u32(0x7fff_ffffL));
    }, stream(1, FLOW_CONTROL_ERROR));
    add("6.9.1", "DATA past the stream window", p -> {
      p.post(1, "/hold");
      // our SETTINGS_INITIAL_WINDOW_SIZE is 256 KiB; the connection window 1 MiB
      p.raw(SETTINGS, 0, 0, setting(5, 1 << 20));
      byte[] chunk = new byte[16_384];
      for (int i = 0; i < 17; i++) p.raw(DATA, 0, 1, chunk);
    }, stream(1, FLOW_CONTROL_ERROR));
    add("6.9.1", "DATA past the connection window", p -> {
      byte[] chunk = new byte[16_384];
      for (int s = 0; s < 5; s++) {
        p.post(1 + 2 * s, "/hold"); // handlers that never read: no credit comes back
        for (int i = 0; i < 14; i++) p.raw(DATA, 0, 1 + 2 * s, chunk); // 224 KiB each, 1120 KiB in all
      }
    }, conn(FLOW_CONTROL_ERROR));
    add("6.9.1", "a small window: the response arrives in pieces", p -> {
      p.raw(SETTINGS, 0, 0, setting(4, 1));
      p.headers(1, false, request("POST", "/echo"));
      p.data(1, "hello", true);
      // one byte at a time: the server waits for credit between frames
      StringBuilder got = new StringBuilder();
      while (got.length() < 5) {
        var f = p.next().orElseThrow();
        if (f instanceof dev.courier.http.h2.Frame.Data d) {
          got.append(new String(d.data(), StandardCharsets.UTF_8));
          if (d.data().length > 1) throw new AssertionError("more than the window: " + d.data().length);
          if (got.length() < 5) p.raw(WINDOW_UPDATE, 0, 1, u32(1));
        }
      }
      if (!got.toString().equals("hello")) throw new AssertionError(got);
    }, alive());
    add("6.9.2", "SETTINGS_INITIAL_WINDOW_SIZE pushes a stream window past 2^31-1", p -> {
      p.post(1, "/echo");
      p.raw(WINDOW_UPDATE, 0, 1, u32(0x7fff_ffffL - 65_535));
      p.raw(SETTINGS, 0, 0, setting(4, 65_536));
    }, conn(FLOW_CONTROL_ERROR));
    add("6.9.2", "a window lowered to 0 then raised: the response arrives", p -> {
      p.raw(SETTINGS, 0, 0, setting(4, 0));
      p.get(1);
      p.raw(SETTINGS, 0, 0, setting(4, 65_535));
      if (!p.body(1).equals("ok")) throw new AssertionError("body");
    }, alive());
  }

  /** RFC 9113 section 6.10. */
  static void continuation() {
    add("6.10", "HEADERS and two CONTINUATION frames", p -> {
      byte[] block = p.block(request("GET", "/", "x-a", "1", "x-b", "2"));
      int third = block.length / 3;
      p.raw(HEADERS, END_STREAM, 1, java.util.Arrays.copyOfRange(block, 0, third));
      p.raw(CONTINUATION, 0, 1, java.util.Arrays.copyOfRange(block, third, 2 * third));
      p.raw(CONTINUATION, END_HEADERS, 1, java.util.Arrays.copyOfRange(block, 2 * third, block.length));
    }, ok(1));
    add("6.10", "CONTINUATION after END_HEADERS", p -> {
      p.raw(HEADERS, END_HEADERS, 1, p.block(request("POST", "/echo")));
      p.raw(CONTINUATION, END_HEADERS, 1, p.block("x-a", "1"));
    }, conn(PROTOCOL_ERROR));
    add("6.10", "CONTINUATION on stream 0", p -> {
      p.raw(HEADERS, 0, 1, p.block(get()));
      p.raw(CONTINUATION, END_HEADERS, 0, new byte[0]);
    }, conn(PROTOCOL_ERROR));
    add("6.10", "CONTINUATION on another stream", p -> {
      p.raw(HEADERS, 0, 1, p.block(get()));
      p.raw(CONTINUATION, END_HEADERS, 3, new byte[0]);
    }, conn(PROTOCOL_ERROR));
    add("6.10", "DATA inside a field block", p -> {
      p.raw(HEADERS, 0, 1, p.block(get()));
      p.raw(DATA, 0, 1, bytes('x'));
    }, conn(PROTOCOL_ERROR));
    add("6.10", "a large field block split by the writer", p -> p.headers(1, true,
        request("GET", "/", "x-big", "v".repeat(40_000))), ok(1));
  }

  /** RFC 9113 sections 8.1 to 8.3: malformed messages are stream errors PROTOCOL_ERROR. */
  static void messages() {
    String[][] malformed = {
        {"upper-case field name", "x-Upper", "1"},
        {"connection field", "connection", "keep-alive"},
        {"keep-alive field", "keep-alive", "5"},
        {"proxy-connection field", "proxy-connection", "x"},
        {"transfer-encoding field", "transfer-encoding", "chunked"},
        {"upgrade field", "upgrade", "h2c"},
        {"te other than trailers", "te", "gzip"},
        {"a pseudo-header after a regular field", ":x-late", "1"},
        {"a response pseudo-header in a request", ":status", "200"},
        {"a value with a newline", "x-a", "1\n2"},
        {"a value with NUL", "x-a", "1\u00002"},
        {"a value with a leading space", "x-a", " 1"},
        {"a field name with a space", "x a", "1"},
        {"an empty field name", "", "1"},
        {"content-length not a number", "content-length", "abc"},
    };
    for (String[] m : malformed) {
      add("8.2", m[0], p -> p.headers(1, true, request("GET", "/", m[1], m[2])), stream(1, PROTOCOL_ERROR));
    }
    String[][] pseudo = {
        {"no :method", ":scheme", "http", ":path", "/"},
        {"no :scheme", ":method", "GET", ":path", "/"},
        {"no :path", ":method", "GET", ":scheme", "http"},
        {"an empty :path", ":method", "GET", ":scheme", "http", ":path", ""},
        {"two :method", ":method", "GET", ":method", "GET", ":scheme", "http", ":path", "/"},
        {"two :scheme", ":method", "GET", ":scheme", "http", ":scheme", "http", ":path", "/"},
        {"two :path", ":method", "GET", ":scheme", "http", ":path", "/", ":path", "/"},
        {"two :authority", ":method", "GET", ":scheme", "http", ":authority", "a", ":authority", "a", ":path", "/"},
        {"an unknown pseudo-header", ":method", "GET", ":scheme", "http", ":path", "/", ":foo", "x"},
        {":protocol without extended CONNECT", ":method", "GET", ":scheme", "http", ":path", "/", ":protocol", "x"},
        {"a :path not in origin form", ":method", "GET", ":scheme", "http", ":path", "no-slash"},
        {"CONNECT with :path", ":method", "CONNECT", ":authority", "a:443", ":path", "/", ":scheme", "http"},
        {"CONNECT without :authority", ":method", "CONNECT"},
        {"host differing from :authority", ":method", "GET", ":scheme", "http", ":authority", "a", ":path", "/", "host", "b"},
    };
    for (String[] m : pseudo) {
      String[] fields = java.util.Arrays.copyOfRange(m, 1, m.length);
      add("8.3.1", m[0], p -> p.headers(1, true, fields), stream(1, PROTOCOL_ERROR));
    }
    add("8.1.1", "content-length larger than the DATA", p -> {
      p.headers(1, false, request("POST", "/echo", "content-length", "10"));
      p.data(1, "12345", true);
    }, stream(1, PROTOCOL_ERROR));
    add("8.1.1", "content-length smaller than the DATA", p -> {
      p.headers(1, false, request("POST", "/echo", "content-length", "2"));
      p.data(1, "12345", true);
    }, stream(1, PROTOCOL_ERROR));
    add("8.1.1", "content-length matching the DATA", p -> {
      p.headers(1, false, request("POST", "/echo", "content-length", "5"));
      p.data(1, "12345", true);
    }, ok(1));
    add("8.1", "trailers without END_STREAM", p -> {
      p.post(1, "/echo");
      p.data(1, "x", false);
      p.raw(HEADERS, END_HEADERS, 1, p.block("x-trailer", "1"));
    }, stream(1, PROTOCOL_ERROR));
    add("8.1", "trailers with a pseudo-header", p -> {
      p.post(1, "/echo");
      p.raw(HEADERS, END_HEADERS | END_STREAM, 1, p.block(":path", "/"));
    }, stream(1, PROTOCOL_ERROR));
    // Section 8.1.1: malformed trailers after a body are a stream error PROTOCOL_ERROR.
    String[][] malformedTrailers = {
        {"8.1.1", "a pseudo-header after DATA", ":status", "200"},
        {"8.2.1", "an upper-case name", "X-Trailer", "1"},
        {"8.2.2", "a connection-specific field", "connection", "close"}};
    for (String[] t : malformedTrailers) {
      add(t[0], "trailers with " + t[1], p -> {
        p.post(1, "/echo");
        p.data(1, "x", false);
        p.raw(HEADERS, END_HEADERS | END_STREAM, 1, p.block(t[2], t[3]));
      }, stream(1, PROTOCOL_ERROR));
    }
    add("8.1", "trailers are accepted", p -> {
      p.post(1, "/echo");
      p.data(1, "x", false);
      p.raw(HEADERS, END_HEADERS | END_STREAM, 1, p.block("x-trailer", "1"));
    }, ok(1));
    add("8.2.2", "te: trailers is allowed", p -> p.headers(1, true, request("GET", "/", "te", "trailers")), ok(1));
    add("8.3.1", "CONNECT is answered, not broken", p -> p.headers(1, true, ":method", "CONNECT", ":authority", "a:443"),
        new Status(1, "501"));
    add("8.3.1", "OPTIONS * is answered", p -> p.headers(1, true, ":method", "OPTIONS", ":scheme", "http",
        ":authority", "a", ":path", "*"), new Status(1, "204"));
    add("8.3.1", "host stands in for :authority", p -> p.headers(1, true, ":method", "GET", ":scheme", "http",
        ":path", "/", "host", "localhost"), ok(1));
    add("8.4", "PUSH_PROMISE from a client", p -> {
      p.post(1, "/echo");
      p.raw(PUSH_PROMISE, END_HEADERS, 1, concat(u32(2), p.block(get())));
    }, conn(PROTOCOL_ERROR));
    add("8.1", "a HEAD request has no body", p -> {
      p.headers(1, true, request("HEAD", "/"));
      var f = p.next().orElseThrow();
      while (!(f instanceof dev.courier.http.h2.Frame.Headers)) f = p.next().orElseThrow();
      if (!((dev.courier.http.h2.Frame.Headers) f).endStream()) throw new AssertionError("HEAD response with a body");
    }, alive());
  }

  /** RFC 7541: every decoding error is a connection COMPRESSION_ERROR. */
  static void hpack() {
    add("7541 2.3.3", "an index past the tables", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 1, bytes(0xff, 0x80, 0x01)),
        conn(COMPRESSION_ERROR));
    add("7541 6.1", "index 0", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 1, bytes(0x80)), conn(COMPRESSION_ERROR));
    add("7541 4.2", "a table size update above SETTINGS_HEADER_TABLE_SIZE", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 1,
        concat(bytes(0x3f, 0xe1, 0x3f), p.block(get()))), conn(COMPRESSION_ERROR));
    add("7541 4.2", "a table size update after a field", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 1,
        concat(bytes(0x82), bytes(0x20))), conn(COMPRESSION_ERROR));
    add("7541 5.1", "an integer past 2^31-1", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 1,
        bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)), conn(COMPRESSION_ERROR));
    add("7541 5.2", "a string longer than the block", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 1,
        bytes(0x40, 0x0a, 'a')), conn(COMPRESSION_ERROR));
    add("7541 5.2", "Huffman padding longer than 7 bits", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 1,
        bytes(0x40, 0x82, 0xff, 0xff, 0x01, 'a')), conn(COMPRESSION_ERROR));
    add("7541 5.2", "Huffman with the EOS symbol", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 1,
        bytes(0x40, 0x84, 0xff, 0xff, 0xff, 0xff, 0x01, 'a')), conn(COMPRESSION_ERROR));
    add("7541 2.3.2", "the dynamic table carries across requests", p -> {
      p.get(1);
      p.body(1);
      p.get(3); // the encoder now sends indexed fields added by the first block
    }, ok(3));
    add("7541 6.2.3", "never-indexed literals are accepted", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 1,
        concat(p.block(get()), bytes(0x10, 0x01, 'x', 0x01, 'y'))), ok(1));
    add("7541 4.2", "a table size update to 0 at the start of a block", p -> p.raw(HEADERS, END_STREAM | END_HEADERS, 1,
        concat(bytes(0x20), bytes(0x82, 0x86, 0x84, 0x41, 0x01, 'a'))), ok(1));
  }

  /** RFC 9113 section 10.5 and the CVEs of its class. */
  static void attacks() {
    add("10.5", "rapid reset (CVE-2023-44487)", p -> {
      for (int i = 0; i < 250; i++) {
        p.post(1 + 2 * i, "/echo");
        p.raw(RST_STREAM, 0, 1 + 2 * i, u32(8));
      }
    }, conn(ENHANCE_YOUR_CALM));
    add("10.5", "a PING flood", p -> {
      byte[] pings = new byte[17 * 1100];
      for (int i = 0; i < 1100; i++) {
        pings[17 * i + 2] = 8;
        pings[17 * i + 3] = PING;
      }
      p.send(pings);
    }, conn(ENHANCE_YOUR_CALM));
    add("10.5", "a SETTINGS flood", p -> {
      byte[] frames = new byte[9 * 1100];
      for (int i = 0; i < 1100; i++) frames[9 * i + 3] = SETTINGS;
      p.send(frames);
    }, conn(ENHANCE_YOUR_CALM));
    add("10.5", "an empty DATA flood", p -> {
      p.post(1, "/echo");
      byte[] frames = new byte[9 * 200];
      for (int i = 0; i < 200; i++) {
        frames[9 * i + 3] = DATA;
        frames[9 * i + 8] = 1;
      }
      p.send(frames);
    }, conn(ENHANCE_YOUR_CALM));
    add("10.5", "a CONTINUATION flood (CVE-2024-27316 class)", p -> {
      p.raw(HEADERS, 0, 1, p.block(get()));
      for (int i = 0; i < 40; i++) p.raw(CONTINUATION, 0, 1, p.block("x-" + i, "v"));
    }, conn(ENHANCE_YOUR_CALM));
    add("10.5", "a CONTINUATION flood of bytes", p -> {
      p.raw(HEADERS, 0, 1, p.block(get()));
      byte[] filler = new byte[16_000];
      for (int i = 0; i < 10; i++) p.raw(CONTINUATION, 0, 1, filler);
    }, conn(ENHANCE_YOUR_CALM));
    add("10.5.1", "a field section past SETTINGS_MAX_HEADER_LIST_SIZE is answered 431", p -> p.headers(1, true,
        request("GET", "/", "x-a", "a".repeat(33_000), "x-b", "b".repeat(33_000))), new Status(1, "431"));
    add("10.5.1", "an HPACK bomb: one large entry indexed many times", p -> {
      // a 4 000-byte value added to the table, then referenced 100 times: 400 KB from 4 KB
      byte[] first = concat(p.block(request("GET", "/")), bytes(0x40, 0x01, 'x', 0x7f, 0xa1, 0x1e), "v".repeat(4000).getBytes(StandardCharsets.US_ASCII));
      byte[] refs = new byte[100];
      java.util.Arrays.fill(refs, (byte) 0xbe); // index 62: the newest dynamic entry
      p.raw(HEADERS, END_STREAM | END_HEADERS, 1, concat(first, refs));
    }, new Status(1, "431"));
    add("10.5", "a reset after the response is no attack", p -> {
      for (int i = 0; i < 50; i++) {
        p.get(1 + 2 * i);
        p.body(1 + 2 * i);
        p.raw(RST_STREAM, 0, 1 + 2 * i, u32(8));
      }
    }, alive());
    add("5.1.2", "REFUSED_STREAM leaves the connection usable", p -> {
      for (int i = 0; i < 101; i++) p.post(1 + 2 * i, "/echo");
      for (int i = 0; i < 100; i++) p.raw(RST_STREAM, 0, 1 + 2 * i, u32(8));
    }, new Alive(true));
    add("6.9", "a client that keeps the window at zero gets nothing and breaks nothing", p -> {
      p.raw(SETTINGS, 0, 0, setting(4, 0));
      p.get(1);
      p.get(3);
    }, alive());
  }
}
