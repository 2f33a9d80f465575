package dev.courier;

import dev.courier.error.BodyTooLargeException;
import dev.courier.error.ContentDecodingException;
import dev.courier.error.HttpProtocolException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentDecodersTest {
  /** {@code brotli -c} of "hello brotli, hello brotli, hello brotli!\n". */
  private static final byte[] BROTLI_HELLO = Base64.getDecoder().decode("oUgBwO9Infrk4Tzg3hRvSwmpyuSSLe2tJGEqHghrZn6ZBA==");
  /** {@code brotli -q 11} of 3,000,000 zero bytes: 14 bytes. */
  private static final byte[] BROTLI_BOMB = Base64.getDecoder().decode("n7/GLfgnAOKxQCDPtwU=");

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] data, boolean raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
    try (DeflaterOutputStream z = new DeflaterOutputStream(out, d)) {
      z.write(data);
    }
    d.end();
    return out.toByteArray();
  }

  static byte[] zstd(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new ZstdOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  static String decode(byte[] body, String... codings) throws IOException {
    InputStream in = ContentDecoders.decode(new ByteArrayInputStream(body), List.of(codings), 1 << 20, "http://t/")
        .orElseThrow();
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void acceptEncodingListsWhatIsPresent() {
    assertThat(ContentDecoders.brotliAvailable()).isTrue();
    assertThat(ContentDecoders.zstdAvailable()).isTrue();
    assertThat(ContentDecoders.acceptEncoding()).isEqualTo("gzip, deflate, br, zstd");
  }

  @Test
  void decodesEveryCoding() throws IOException {
    byte[] hello = "hello, hello, hello".getBytes(StandardCharsets.UTF_8);
    assertThat(decode(gzip(hello), "gzip")).isEqualTo("hello, hello, hello");
    assertThat(decode(gzip(hello), "X-GZIP")).isEqualTo("hello, hello, hello");
    assertThat(decode(deflate(hello, false), "deflate")).as("zlib-wrapped").isEqualTo("hello, hello, hello");
    assertThat(decode(deflate(hello, true), "deflate")).as("raw, as browsers accept").isEqualTo("hello, hello, hello");
    assertThat(decode(zstd(hello), "zstd")).isEqualTo("hello, hello, hello");
    assertThat(decode(BROTLI_HELLO, "br")).isEqualTo("hello brotli, hello brotli, hello brotli!\n");
    assertThat(decode(hello, "identity")).isEqualTo("hello, hello, hello");
  }

  @Test
  void stackedCodingsAreUndoneInReverse() throws IOException {
    byte[] hello = "stacked".getBytes(StandardCharsets.UTF_8);
    assertThat(decode(zstd(gzip(hello)), "gzip", "zstd")).isEqualTo("stacked");
    assertThatThrownBy(() -> decode(hello, "gzip", "gzip", "gzip", "gzip", "gzip", "gzip"))
        .isInstanceOf(HttpProtocolException.class).hasMessageContaining("6 content codings");
  }

  @Test
  void corruptDataIsAContentDecodingExceptionKeepingTheCause() throws IOException {
    assertThatThrownBy(() -> decode("not gzip".getBytes(StandardCharsets.US_ASCII), "gzip"))
        .isInstanceOf(ContentDecodingException.class)
        .hasMessageContaining("corrupt gzip response body")
        .hasCauseInstanceOf(java.util.zip.ZipException.class);
    byte[] cut = java.util.Arrays.copyOf(gzip(new byte[10_000]), 20);
    assertThatThrownBy(() -> decode(cut, "gzip")).isInstanceOf(ContentDecodingException.class);
  }

  @Test
  void unknownCodingsLeaveTheBodyAlone() throws IOException {
    assertThat(ContentDecoders.decode(new ByteArrayInputStream(new byte[1]), List.of("x-foo"), 10, "")).isEmpty();
    assertThat(ContentDecoders.decode(new ByteArrayInputStream(new byte[1]), List.of("gzip", "x-foo"), 10, "")).isEmpty();
  }

  @Test
  void bombsStopAtTheLimitForEveryCodec() throws IOException {
    byte[] zeros = new byte[3_000_000];
    for (var entry : List.of(
        new Object[] {gzip(zeros), "gzip"},
        new Object[] {deflate(zeros, false), "deflate"},
        new Object[] {zstd(zeros), "zstd"},
        new Object[] {BROTLI_BOMB, "br"})) {
      byte[] bomb = (byte[]) entry[0];
      assertThat(bomb.length).isLessThan(20_000);
      InputStream in = ContentDecoders.decode(new ByteArrayInputStream(bomb), List.of((String) entry[1]),
          1_000_000, "http://bomb.test/").orElseThrow();
      assertThatThrownBy(in::readAllBytes)
          .as((String) entry[1])
          .isInstanceOf(BodyTooLargeException.class)
          .hasMessageContaining("1000000")
          .hasMessageContaining("http://bomb.test/");
    }
  }

  @Test
  void readsAreLazy() throws IOException {
    InputStream in = ContentDecoders.decode(new ByteArrayInputStream(gzip(new byte[3_000_000])),
        List.of("gzip"), 1_000_000, "").orElseThrow();
    byte[] small = new byte[256];
    assertThat(in.read(small)).isBetween(1, 256); // no exception: only what was asked was inflated
  }

  @Test
  void truncatedAndCorruptBodiesFail() throws IOException {
    byte[] gz = gzip("some text that is long enough to matter".repeat(10).getBytes());
    byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);
    assertThatThrownBy(() -> decode(cut, "gzip")).isInstanceOf(ContentDecodingException.class);
    assertThatThrownBy(() -> decode("not gzip".getBytes(), "gzip")).isInstanceOf(ContentDecodingException.class);
  }
}
