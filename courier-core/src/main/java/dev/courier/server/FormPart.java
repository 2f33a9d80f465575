package dev.courier.server;

import dev.courier.http.Headers;
import dev.courier.http.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One part of a {@code multipart/form-data} body (RFC 7578), as {@link ServerRequest#multipart()}
 * gives it: its header fields, its field name, the file name when it is a file, its content type,
 * and its content as a stream read while the body arrives. Moving to the next part skips what is
 * left of this one; its stream then reads nothing.
 *
 * <pre>{@code
 * for (FormPart part : request.multipart()) {
 *   if (part.filename().isPresent()) Files.copy(part.body(), uploads.resolve(UUID.randomUUID().toString()));
 *   else fields.put(part.name(), part.text());
 * }
 * }</pre>
 */
public final class FormPart {
  private final Headers headers;
  private final String name;
  private final String filename;
  private final String contentType;
  private final InputStream body;

  FormPart(Headers headers, String name, String filename, String contentType, InputStream body) {
    this.headers = headers;
    this.name = name;
    this.filename = filename;
    this.contentType = contentType;
    this.body = body;
  }

  /** The part's header fields. */
  public Headers headers() {
    return headers;
  }

  /** The field name, from {@code Content-Disposition: form-data; name="..."}. */
  public String name() {
    return name;
  }

  /**
   * The file name the client gave, as sent: a client's choice, so never use it as a path (it may
   * hold {@code ../} or be empty).
   */
  public Optional<String> filename() {
    return Optional.ofNullable(filename);
  }

  /** The part's Content-Type; {@code text/plain} when absent (RFC 7578 section 4.4). */
  public String contentType() {
    return contentType;
  }

  /** The content as a stream; reading past the part size limit throws {@link HttpResponseException} (413). */
  public InputStream body() {
    return body;
  }

  /**
   * The whole content, at most {@link ServerRequest#DEFAULT_MAX_BUFFERED_BODY} (or the part limit when
   * lower); more is a 413.
   */
  public byte[] bytes() {
    try {
      int cap = (int) ServerRequest.DEFAULT_MAX_BUFFERED_BODY;
      byte[] data = body.readNBytes(cap);
      if (data.length == cap && body.read() >= 0) {
        throw new HttpResponseException(413, "form part '" + name + "' over " + cap + " bytes");
      }
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The whole content as text in the part's charset, UTF-8 when none is given (RFC 7578 section 5.1). */
  public String text() {
    Charset charset = MediaType.tryParse(contentType).flatMap(MediaType::charset).orElse(StandardCharsets.UTF_8);
    return new String(bytes(), charset);
  }

  @Override
  public String toString() {
    return "FormPart{name=" + name + (filename == null ? "" : ", filename=" + filename) + ", " + contentType + "}";
  }
}
