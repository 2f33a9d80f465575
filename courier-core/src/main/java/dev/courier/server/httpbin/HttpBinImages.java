package dev.courier.server.httpbin;

import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * The sample images of {@link HttpBin}'s {@code /image} endpoints: a 16×16 gradient as PNG and
 * JPEG, a single-colour 16×16 WebP and an SVG, all made here (httpbin serves photographs whose
 * licences are not ours to pass on), and the {@code Accept} negotiation of {@code /image}.
 */
final class HttpBinImages {
  private HttpBinImages() {}

  private static final int SIZE = 16;

  static final byte[] PNG = png();
  static final byte[] WEBP = webp();
  static final byte[] JPEG = Base64.getDecoder().decode(
      "/9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcp"
      + "LDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIy"
      + "MjIyMjIyMjIyMjIyMjL/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAA"
      + "AgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6"
      + "Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXG"
      + "x8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREA"
      + "AgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5"
      + "OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPE"
      + "xcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDFtNN6fLW7aab0+WtK003p8tbtppvT5a9r"
      + "EY3zOTJ8x21P/9k=");
  static final byte[] SVG = ("""
      <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
        <title>Courier httpbin</title>
        <rect width="64" height="64" rx="8" fill="#2040c0"/>
        <path d="M14 32h36M36 18l14 14-14 14" stroke="#fff" stroke-width="6" fill="none"
            stroke-linecap="round" stroke-linejoin="round"/>
      </svg>
      """).getBytes(StandardCharsets.UTF_8);

  /** {@code /image/png}, {@code /image/jpeg}, {@code /image/webp} and {@code /image/svg}. */
  static ServerResponse image(String kind) {
    return switch (kind) {
      case "png" -> answer("image/png", PNG);
      case "jpeg" -> answer("image/jpeg", JPEG);
      case "webp" -> answer("image/webp", WEBP);
      case "svg" -> answer("image/svg+xml", SVG);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /**
   * {@code /image}: the first of WebP, SVG, JPEG and PNG whose media type the {@code Accept}
   * header names (as text, the way httpbin reads it: {@code image/*} means PNG, and a wildcard
   * for every type matches nothing), PNG without an {@code Accept}; null (for a 406) otherwise.
   */
  static ServerResponse negotiate(ServerRequest req) {
    if (req.header("Accept").isEmpty()) return image("png");
    String accept = String.join(",", req.headers().allValues("Accept")).toLowerCase(Locale.ROOT);
    if (accept.contains("image/webp")) return image("webp");
    if (accept.contains("image/svg+xml")) return image("svg");
    if (accept.contains("image/jpeg")) return image("jpeg");
    if (accept.contains("image/png") || accept.contains("image/*")) return image("png");
    return null;
  }

  private static ServerResponse answer(String type, byte[] data) {
    return ServerResponse.builder(200).contentType(type).body(ServerResponseBody.of(data)).build();
  }

  /** The gradient the JPEG holds, red across and green down over a blue ground. */
  private static int rgb(int x, int y) {
    return (0x20 + x * 12) << 16 | (0x40 + y * 10) << 8 | 0xc0;
  }

  /**
   * A PNG (ISO/IEC 15948): signature, IHDR (8-bit truecolour), one IDAT of zlib-deflated rows each
   * led by filter type 0, IEND; every chunk is length, type, data, CRC-32 of type and data.
   */
  private static byte[] png() {
    ByteArrayOutputStream rows = new ByteArrayOutputStream();
    try (DeflaterOutputStream zlib = new DeflaterOutputStream(rows)) {
      for (int y = 0; y < SIZE; y++) {
        zlib.write(0);
        for (int x = 0; x < SIZE; x++) {
          int c = rgb(x, y);
          zlib.write(c >> 16);
          zlib.write(c >> 8);
          zlib.write(c);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ByteBuffer header = ByteBuffer.allocate(13).putInt(SIZE).putInt(SIZE).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", header.array());
    chunk(out, "IDAT", rows.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(name);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /**
   * A lossless WebP (RFC 9649): a RIFF "WEBP" file with one "VP8L" chunk whose bitstream (section
   * 3) has no transform, no colour cache and no meta prefix codes, and five "simple" prefix codes
   * of one symbol each (green, red, blue, alpha, distance), so every pixel is that colour and
   * costs no bits.
   */
  private static byte[] webp() {
    Bits bits = new Bits();
    bits.write(0x2f, 8); // VP8L signature
    bits.write(SIZE - 1, 14);
    bits.write(SIZE - 1, 14);
    bits.write(0, 1); // alpha_is_used
    bits.write(0, 3); // version
    bits.write(0, 1); // no transform
    bits.write(0, 1); // no colour cache
    bits.write(0, 1); // no meta prefix codes
    for (int symbol : new int[] {0x40, 0x20, 0xc0, 0xff}) { // green, red, blue, alpha
      bits.write(1, 1); // simple code
      bits.write(0, 1); // one symbol
      bits.write(1, 1); // of eight bits
      bits.write(symbol, 8);
    }
    bits.write(1, 1); // distance: simple code
    bits.write(0, 1); // one symbol
    bits.write(0, 1); // of one bit
    bits.write(0, 1); // symbol 0
    byte[] vp8l = bits.toBytes();
    int padded = vp8l.length + (vp8l.length & 1);
    ByteBuffer out = ByteBuffer.allocate(12 + 8 + padded).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + 8 + padded);
    out.put("WEBP".getBytes(StandardCharsets.US_ASCII));
    out.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(vp8l.length).put(vp8l);
    return out.array();
  }

  /** Bits packed least significant first, as VP8L reads them. */
  private static final class Bits {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int current;
    private int used;

    void write(int value, int count) {
      for (int i = 0; i < count; i++) {
        current |= ((value >> i) & 1) << used;
        if (++used == 8) {
          bytes.write(current);
          current = 0;
          used = 0;
        }
      }
    }

    byte[] toBytes() {
      if (used > 0) {
        bytes.write(current);
        current = 0;
        used = 0;
      }
      return bytes.toByteArray();
    }
  }
}
