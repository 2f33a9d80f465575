package dev.courier.http.h2;

import dev.courier.http.Headers;
import java.util.Objects;

/**
 * A request head as HTTP/2 carries it (RFC 9113 section 8.3.1): the pseudo-header fields apart,
 * the regular fields as {@link Headers} with lower-case names.
 *
 * <p>{@code scheme} and {@code path} are empty for CONNECT (section 8.5); {@code authority} is
 * empty when the client sent neither {@code :authority} nor {@code host}.
 *
 * <pre>{@code
 * H2RequestHead head = new H2RequestHead("GET", "https", "example.com", "/", Headers.empty());
 * head.target();   // "/"
 * }</pre>
 *
 * @param method the {@code :method}
 * @param scheme the {@code :scheme}, empty for CONNECT
 * @param authority the {@code :authority} (or {@code host}), possibly empty
 * @param path the {@code :path}: origin form, or {@code *} for OPTIONS; empty for CONNECT
 * @param headers the regular fields, in order
 */
public record H2RequestHead(String method, String scheme, String authority, String path, Headers headers) {
  public H2RequestHead {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
  }

  /** The request target as HTTP/1.1 would carry it: the path, or the authority for CONNECT. */
  public String target() {
    return method.equals("CONNECT") ? authority : path;
  }

  /** The {@code content-length} value, or -1 when absent (validated as digits by {@link FieldValidator}). */
  public long contentLength() {
    return headers.firstValue("content-length").map(Long::parseLong).orElse(-1L);
  }
}
