package dev.courier.http.h2;

import dev.courier.http.Headers;
import java.util.Locale;

/**
 * Turns a head in Courier's terms ({@link Headers}, as HTTP/1.1 uses them) into the field list
 * HTTP/2 sends: pseudo-header fields first, names in lower case (RFC 9113 section 8.2.1), and the
 * connection-specific fields left out (section 8.2.2: {@code connection} and the fields it
 * names, {@code keep-alive}, {@code proxy-connection}, {@code transfer-encoding},
 * {@code upgrade}; {@code te} only as {@code trailers}). {@code host} becomes
 * {@code :authority} (section 8.3.1).
 *
 * <pre>{@code
 * H2Fields.request("GET", "https", "example.com", "/", Headers.of("Accept", "*&#47;*"), encoder::field);
 * }</pre>
 */
public final class H2Fields {
  private H2Fields() {}

  /**
   * Writes a request head; {@code authority} may be empty, then the {@code host} field (if any)
   * is used. CONNECT gets only {@code :method} and {@code :authority} (section 8.5).
   */
  public static void request(String method, String scheme, String authority, String path, Headers headers,
      FieldSink sink) {
    String effective = authority.isEmpty() ? headers.firstValue("host").orElse("") : authority;
    sink.field(":method", method);
    if (method.equals("CONNECT")) {
      sink.field(":authority", effective);
    } else {
      sink.field(":scheme", scheme);
      if (!effective.isEmpty()) sink.field(":authority", effective);
      sink.field(":path", path);
    }
    regular(headers, true, sink);
  }

  /** Writes a response head. */
  public static void response(int status, Headers headers, FieldSink sink) {
    sink.field(":status", statusText(status));
    regular(headers, false, sink);
  }

  /** Writes trailer fields (no pseudo-header fields). */
  public static void trailers(Headers headers, FieldSink sink) {
    regular(headers, false, sink);
  }

  private static void regular(Headers headers, boolean request, FieldSink sink) {
    String connectionOptions = null;
    for (int i = 0, n = headers.size(); i < n; i++) {
      String name = headers.name(i);
      if (name.length() == 10 && name.equalsIgnoreCase("connection")) {
        connectionOptions = connectionOptions == null ? headers.value(i) : connectionOptions + "," + headers.value(i);
      }
    }
    for (int i = 0, n = headers.size(); i < n; i++) {
      String name = lower(headers.name(i));
      String value = headers.value(i);
      switch (name) {
        case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> {
          continue;
        }
        case "host" -> {
          if (request) continue; // carried as :authority
        }
        case "te" -> {
          if (!value.toLowerCase(Locale.ROOT).contains("trailers")) continue;
          value = "trailers";
        }
        default -> {
          if (connectionOptions != null && names(connectionOptions, name)) continue;
        }
      }
      sink.field(name, value);
    }
  }

  /**
   * {@code name} in lower case (RFC 9113 section 8.2.1): the names handlers spell most often come
   * from a table, without a copy each time.
   */
  private static String lower(String name) {
    return switch (name) {
      case "Host" -> "host";
      case "User-Agent" -> "user-agent";
      case "Accept" -> "accept";
      case "Accept-Encoding" -> "accept-encoding";
      case "Authorization" -> "authorization";
      case "Cookie" -> "cookie";
      case "Content-Type" -> "content-type";
      case "Content-Length" -> "content-length";
      case "Cache-Control" -> "cache-control";
      case "Location" -> "location";
      case "Set-Cookie" -> "set-cookie";
      case "Last-Modified" -> "last-modified";
      case "ETag" -> "etag";
      case "Content-Encoding" -> "content-encoding";
      case "Vary" -> "vary";
      default -> name.toLowerCase(Locale.ROOT);
    };
  }

  /** Whether the Connection field's options list {@code name} (RFC 9110 section 7.6.1). */
  private static boolean names(String options, String name) {
    for (String option : options.split(",")) {
      if (option.trim().equalsIgnoreCase(name)) return true;
    }
    return false;
  }

  private static final String[] STATUS_TEXT = new String[1000];

  private static String statusText(int status) {
    if (status < 100 || status > 999) throw new IllegalArgumentException("status out of range: " + status);
    String s = STATUS_TEXT[status];
    if (s == null) STATUS_TEXT[status] = s = Integer.toString(status);
    return s;
  }
}
