package dev.courier;

import dev.courier.http.FormData;
import dev.courier.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request body: its bytes, its length when known and its content type.
 *
 * <p>A body of known length is sent with {@code Content-Length}; one of unknown length
 * ({@code contentLength() == -1}) with {@code Transfer-Encoding: chunked}. A body that can be
 * written more than once ({@link #isReplayable()}) can be re-sent on a 307/308 redirect, after a
 * Digest challenge or on a retry; a one-shot stream cannot, and Courier says so instead of sending
 * an empty body.
 *
 * <pre>{@code
 * Body.text("hello");                                   // text/plain; charset=UTF-8
 * Body.form(Map.of("q", "courier", "tags", List.of("a", "b")));
 * Body.json(Map.of("name", "Ada"));                     // application/json, via Jackson
 * Body.file(Path.of("report.pdf"));                     // streamed from disk
 * Body.wrap(scan, "image/png");                         // a large array, shared rather than copied
 * Multipart.builder().field("title", "Q3").file("doc", Path.of("q3.pdf")).build();
 * }</pre>
 */
public interface Body {
  /** The {@code Content-Type} this body asks for, when it has one. */
  Optional<String> contentType();

  /** The length in bytes, or -1 when unknown (the body is then sent chunked). */
  long contentLength();

  /** True when {@link #writeTo} can be called again and writes the same bytes. */
  boolean isReplayable();

  /** Writes the body. Called once per send; a replayable body may be written several times. */
  void writeTo(OutputStream out) throws IOException;

  /** The empty body (length 0). */
  static Body empty() {
    return Bodies.EMPTY;
  }

  /**
   * These bytes, no content type. The array is copied, so the body stays as it was whatever the
   * caller does with the array later; {@link #wrap(byte[], String)} shares a large one instead.
   */
  static Body of(byte[] bytes) {
    return new Bodies.BytesBody(bytes.clone(), null);
  }

  /** These bytes with a content type. The array is copied (see {@link #of(byte[])}). */
  static Body of(byte[] bytes, String contentType) {
    return new Bodies.BytesBody(bytes.clone(), Bodies.checkContentType(contentType));
  }

  /**
   * These bytes with a content type (null: none), shared rather than copied, as {@link
   * java.nio.ByteBuffer#wrap(byte[])} shares its array: for a large array, whose copy cost a quarter
   * of the client's CPU in sending 8 MiB over plain HTTP/1.1 ({@code courier-bench}'s upload
   * benchmark). Do not change the array while the body may still be sent: a redirect, a retry or
   * an authentication challenge sends it again, and the body is whatever the array holds then.
   *
   * <pre>{@code
   * byte[] image = Files.readAllBytes(Path.of("scan.png"));
   * session.put("https://example.com/scans/1", Body.wrap(image, "image/png"));
   * }</pre>
   */
  static Body wrap(byte[] bytes, String contentType) {
    return new Bodies.BytesBody(Objects.requireNonNull(bytes, "bytes"),
        Bodies.checkNullableContentType(contentType));
  }

  /** Text as UTF-8, {@code text/plain; charset=UTF-8}. */
  static Body text(String text) {
    return text(text, StandardCharsets.UTF_8);
  }

  /** Text in {@code charset}, {@code text/plain; charset=<name>}. */
  static Body text(String text, Charset charset) {
    return new Bodies.BytesBody(text.getBytes(charset), "text/plain; charset=" + charset.name());
  }

  /** Text in {@code charset} with another content type, whose charset parameter is set for you. */
  static Body text(String text, Charset charset, String mediaType) {
    return new Bodies.BytesBody(
        text.getBytes(charset), Bodies.checkContentType(mediaType) + "; charset=" + charset.name());
  }

  /**
   * An {@code application/x-www-form-urlencoded} form, in map order. As in {@code requests}, a
   * null value drops the field and a list or array value repeats it.
   */
  static Body form(Map<String, ?> fields) {
    return form(FormData.of(fields));
  }

  /**
   * {@code form} as an {@code application/x-www-form-urlencoded} body.
   *
   * <pre>{@code
   * Body.form(FormData.parse("a=1").with("b", "x y"));   // a=1&b=x+y
   * }</pre>
   */
  static Body form(FormData form) {
    return new Bodies.BytesBody(
        form.encode().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
  }

  /**
   * {@code value} serialized by Jackson as UTF-8 {@code application/json} (RFC 8259). A
   * {@link com.fasterxml.jackson.databind.JsonNode}, a map, a list, a record or a bean all work.
   *
   * @throws IllegalArgumentException when Jackson cannot serialize the value
   */
  static Body json(Object value) {
    return new Bodies.BytesBody(Json.write(value), "application/json");
  }

  /** {@code value} serialized by the given Jackson mapper (your modules, naming, dates) as {@code application/json}. */
  static Body json(Object value, com.fasterxml.jackson.databind.ObjectMapper mapper) {
    try {
      return new Bodies.BytesBody(mapper.writeValueAsBytes(value), "application/json");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName() + " as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  /** A file streamed from disk, with a content type guessed from its name. */
  static Body file(Path path) {
    return file(path, Bodies.guessContentType(path.getFileName().toString()));
  }

  /** A file streamed from disk with this content type; its length is read now. */
  static Body file(Path path, String contentType) {
    try {
      return new Bodies.FileBody(path, Files.size(path), Bodies.checkContentType(contentType));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /**
   * Bytes read once from {@code in} and sent chunked; not replayable. The stream is closed after
   * the body is sent.
   */
  static Body of(InputStream in, String contentType) {
    return new Bodies.StreamBody(Objects.requireNonNull(in), -1, Bodies.checkNullableContentType(contentType));
  }

  /**
   * Exactly {@code length} bytes read once from {@code in}, sent with {@code Content-Length}; a
   * stream that ends early fails the request instead of sending a short body.
   */
  static Body of(InputStream in, long length, String contentType) {
    if (length < 0) throw new IllegalArgumentException("length must be >= 0: " + length);
    return new Bodies.StreamBody(Objects.requireNonNull(in), length, Bodies.checkNullableContentType(contentType));
  }
}
