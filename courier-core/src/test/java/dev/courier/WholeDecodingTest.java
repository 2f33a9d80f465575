package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.error.BodyTooLargeException;
import dev.courier.error.ContentDecodingException;
import dev.courier.server.HttpServer;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import dev.courier.testsupport.TestBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Coded bodies of known length read whole before they are decoded ({@code ResponseBody}'s whole
 * path), against Courier's server: every gzip shape a server sends (several members, bytes after
 * the last, a trailer that lies about the length) decodes as the streamed path decodes it, under the
 * same caps and with the same failures; and a coded body of unknown length still streams through
 * input buffers that grow.
 */
class WholeDecodingTest {
  private static final byte[] PAGE = page();
  private static final byte[] LARGE = TestBytes.random(3 << 20, 42); // random: compresses to about its size

  private static HttpServer server;
  private static final Set<InetSocketAddress> peers = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.builder().bind("127.0.0.1").port(0).handler(request -> {
      peers.add(request.remoteAddress());
      byte[] gzip = gzip(PAGE);
      return switch (request.path()) {
        case "/gzip" -> coded("gzip", gzip);
        case "/x-gzip" -> coded("x-gzip", gzip);
        case "/members" -> coded("gzip", concat(gzip(Arrays.copyOf(PAGE, 1000)),
            gzip(Arrays.copyOfRange(PAGE, 1000, PAGE.length))));
        case "/garbage-after" -> coded("gzip", concat(gzip, "not a gzip member".getBytes(StandardCharsets.US_ASCII)));
        case "/isize-larger" -> coded("gzip", withIsize(gzip, PAGE.length + 5000));
        case "/isize-huge" -> coded("gzip", withIsize(gzip, 0xffff_fff0L));
        case "/isize-smaller" -> coded("gzip", withIsize(gzip, 10));
        case "/corrupt" -> coded("gzip", corrupt(gzip));
        case "/cut" -> coded("gzip", Arrays.copyOf(gzip, gzip.length - 6));
        case "/zeros" -> coded("gzip", gzip(new byte[3 << 20]));
        case "/empty" -> coded("gzip", gzip(new byte[0]));
        case "/zlib" -> coded("deflate", deflate(PAGE, false));
        case "/raw-deflate" -> coded("deflate", deflate(PAGE, true));
        case "/stacked" -> ServerResponse.builder(200).header("Content-Encoding", "deflate, gzip")
            .body(ServerResponseBody.of(gzip(deflate(PAGE, false)))).build();
        case "/chunked-large" -> ServerResponse.builder(200).header("Content-Encoding", "gzip")
            .body(ServerResponseBody.writer(out -> out.write(gzip(LARGE)))).build();
        case "/large" -> coded("gzip", gzip(LARGE));
        default -> ServerResponse.ok("plain");
      };
    }).start();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(1));
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  @Test
  void aGzipBodyOfKnownLengthDecodesWholeAndTheConnectionIsKept() {
    try (Session s = Session.builder().build()) {
      peers.clear();
      for (String path : new String[] {"/gzip", "/x-gzip", "/zlib", "/raw-deflate", "/stacked"}) {
        Response r = s.get(url(path));
        assertThat(r.bytes()).as(path).isEqualTo(PAGE);
        assertThat(r.text()).as(path).isEqualTo(new String(PAGE, StandardCharsets.UTF_8));
      }
      assertThat(peers).as("one connection for every response").hasSize(1);
    }
  }

  @Test
  void severalMembersDecodeToAllOfThemThoughTheTrailerCountsTheLastOnly() {
    // RFC 1952, Section 2.2: a gzip file is a series of members; ISIZE is each member's own length
    try (Session s = Session.builder().build()) {
      assertThat(s.get(url("/members")).bytes()).isEqualTo(PAGE);
    }
  }

  @Test
  void bytesAfterTheLastMemberAreIgnoredAsTheStreamedPathIgnoresThem() {
    try (Session s = Session.builder().build()) {
      assertThat(s.get(url("/garbage-after")).bytes()).isEqualTo(PAGE);
      assertThat(readStreamed(s, "/garbage-after")).isEqualTo(PAGE);
    }
  }

  @Test
  void aTrailerThatLiesAboutTheLengthIsACorruptBodyNotAWrongOneOrAHugeArray() {
    try (Session s = Session.builder().maxBufferedBody(1 << 20).build()) {
      for (String path : new String[] {"/isize-larger", "/isize-huge", "/isize-smaller"}) {
        assertThatThrownBy(() -> s.get(url(path))).as(path)
            .isInstanceOf(ContentDecodingException.class).hasMessageContaining("corrupt gzip");
      }
      assertThat(s.get(url("/gzip")).bytes()).isEqualTo(PAGE);
    }
  }

  @Test
  void aCorruptOrCutBodyIsAContentDecodingExceptionAndTheConnectionGoesOn() {
    try (Session s = Session.builder().build()) {
      peers.clear();
      assertThatThrownBy(() -> s.get(url("/corrupt"))).isInstanceOf(ContentDecodingException.class)
          .hasMessageContaining("corrupt gzip");
      assertThatThrownBy(() -> s.get(url("/cut"))).isInstanceOf(ContentDecodingException.class)
          .hasMessageContaining("corrupt gzip");
      assertThat(s.get(url("/gzip")).bytes()).isEqualTo(PAGE);
      // the raw body was read to its end before decoding failed: the connection went back to the pool
      assertThat(peers).hasSize(1);
    }
  }

  @Test
  void theCapsHoldForABodyDecodedWhole() {
    try (Session s = Session.builder().maxBufferedBody(1 << 20).build()) {
      assertThatThrownBy(() -> s.get(url("/zeros"))).isInstanceOf(BodyTooLargeException.class);
    }
    try (Session s = Session.builder().maxDecodedBody(1 << 20).build()) {
      assertThatThrownBy(() -> s.get(url("/zeros"))).isInstanceOf(BodyTooLargeException.class)
          .hasMessageContaining("decoded");
    }
    try (Session s = Session.builder().build()) {
      assertThat(s.get(url("/zeros")).bytes()).hasSize(3 << 20).containsOnly(0);
    }
  }

  @Test
  void anEmptyGzipBodyIsEmpty() {
    try (Session s = Session.builder().build()) {
      assertThat(s.get(url("/empty")).bytes()).isEmpty();
    }
  }

  @Test
  void largeBodiesOfKnownAndUnknownLengthDecodeWholeAndStreamed() {
    try (Session s = Session.builder().build()) {
      assertThat(s.get(url("/large")).bytes()).isEqualTo(LARGE);
      assertThat(s.get(url("/chunked-large")).bytes()).isEqualTo(LARGE);
      assertThat(readStreamed(s, "/chunked-large")).isEqualTo(LARGE);
      assertThat(readStreamed(s, "/large")).isEqualTo(LARGE);
    }
  }

  private static byte[] readStreamed(Session s, String path) {
    try (Response r = s.send(Request.get(url(path)).stream(true).build()); InputStream in = r.stream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] small = new byte[777]; // reads smaller than the decoder's buffer, so that it refills mid-body
      int n;
      while ((n = in.read(small)) >= 0) out.write(small, 0, n);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ServerResponse coded(String coding, byte[] body) {
    return ServerResponse.builder(200).header("Content-Encoding", coding).body(ServerResponseBody.of(body)).build();
  }

  private static byte[] page() {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 200; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"user").append(i).append("\"}");
    }
    return json.append("]").toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] data, boolean raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
      d.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** {@code gzip} with its trailer's ISIZE (RFC 1952, Section 2.3.1) set to {@code isize}. */
  private static byte[] withIsize(byte[] gzip, long isize) {
    byte[] changed = gzip.clone();
    for (int i = 0; i < 4; i++) changed[changed.length - 4 + i] = (byte) (isize >>> (8 * i));
    return changed;
  }

  /** {@code gzip} with a byte of its compressed data flipped. */
  private static byte[] corrupt(byte[] gzip) {
    byte[] changed = gzip.clone();
    changed[gzip.length / 2] ^= 0x5a;
    return changed;
  }
}
