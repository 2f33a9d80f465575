package dev.courier.http.h2;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;

/**
 * Checks one decoded field block, field by field, against RFC 9113 sections 8.2 and 8.3, and
 * builds the head it describes; a malformed block is a stream error PROTOCOL_ERROR (section 8.1.1).
 *
 * <p>The rules, in the order they are checked:
 * <ul>
 *   <li>names are non-empty, lower-case tokens (section 8.2.1: an upper-case character makes the
 *       message malformed); values hold no NUL, CR or LF and no leading or trailing SP or HTAB;
 *   <li>pseudo-header fields come before every regular field, each at most once, only those
 *       defined for the message kind (section 8.3), none in trailers;
 *   <li>no connection-specific field: {@code connection}, {@code keep-alive},
 *       {@code proxy-connection}, {@code transfer-encoding}, {@code upgrade} (section 8.2.2);
 *       {@code te} only with the value {@code trailers};
 *   <li>a request has {@code :method}, {@code :scheme} and a non-empty {@code :path}, except
 *       CONNECT, which has {@code :authority} and neither of the others (sections 8.3.1, 8.5);
 *       a {@code host} field that disagrees with {@code :authority} is malformed;
 *   <li>a response has a three-digit {@code :status} (section 8.3.2);
 *   <li>{@code content-length} is digits only, and repeated values agree (RFC 9110 section 8.6).
 * </ul>
 *
 * <p>The field section size (section 6.5.2: names, values and 32 bytes a field) is counted as
 * fields arrive; the caller compares it with its limit.
 *
 * <pre>{@code
 * FieldValidator v = FieldValidator.forRequest(1);
 * v.add(":method", "GET"); v.add(":scheme", "https"); v.add(":path", "/"); v.add("accept", "*&#47;*");
 * H2RequestHead head = v.request();
 * }</pre>
 */
public final class FieldValidator {
  private enum Kind { REQUEST, RESPONSE, TRAILERS }

  private final Kind kind;
  private final int streamId;
  private final Headers.Builder fields = Headers.builder();
  private boolean regularSeen;
  private String method;
  private String scheme;
  private String authority;
  private String path;
  private String status;
  private String host;
  private String contentLength;
  private long size;

  private FieldValidator(Kind kind, int streamId) {
    this.kind = kind;
    this.streamId = streamId;
  }

  /** A validator of the request head on {@code streamId}. */
  public static FieldValidator forRequest(int streamId) {
    return new FieldValidator(Kind.REQUEST, streamId);
  }

  /** A validator of a response head (interim or final) on {@code streamId}. */
  public static FieldValidator forResponse(int streamId) {
    return new FieldValidator(Kind.RESPONSE, streamId);
  }

  /** A validator of a trailer section on {@code streamId}: no pseudo-header fields at all. */
  public static FieldValidator forTrailers(int streamId) {
    return new FieldValidator(Kind.TRAILERS, streamId);
  }

  /** The field section size so far (section 6.5.2). */
  public long size() {
    return size;
  }

  /**
   * Adds the next decoded field.
   *
   * @throws H2Exception a stream error PROTOCOL_ERROR when the field makes the message malformed
   */
  public void add(String name, String value) {
    size += name.length() + value.length() + 32L;
    if (name.isEmpty()) throw malformed("an empty field name");
    checkValue(name, value);
    if (name.charAt(0) == ':') {
      pseudo(name, value);
      return;
    }
    regularSeen = true;
    checkName(name);
    switch (name) {
      case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" ->
          throw malformed("the connection-specific field " + name);
      case "te" -> {
        if (!value.equalsIgnoreCase("trailers")) throw malformed("te: " + FieldSyntax.printable(value));
      }
      case "host" -> {
        if (host != null) throw malformed("two host fields");
        host = value;
      }
      case "content-length" -> {
        if (kind != Kind.TRAILERS) {
          if (value.isEmpty() || !allDigits(value) || value.length() > 18) {
            throw malformed("content-length: " + FieldSyntax.printable(value));
          }
          if (contentLength != null && !contentLength.equals(value)) throw malformed("two content-length values");
          contentLength = value;
        }
      }
      default -> {}
    }
    try {
      fields.add(name, value);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  private void pseudo(String name, String value) {
    // Section 8.3: pseudo-header fields come first, each once, only the defined ones.
    if (regularSeen) throw malformed(name + " after a regular field");
    if (kind == Kind.TRAILERS) throw malformed(name + " in trailers");
    if (kind == Kind.RESPONSE) {
      if (!name.equals(":status")) throw malformed(name + " in a response");
      if (status != null) throw malformed("two :status fields");
      status = value;
      return;
    }
    switch (name) {
      case ":method" -> method = once(name, method, value);
      case ":scheme" -> scheme = once(name, scheme, value);
      case ":authority" -> authority = once(name, authority, value);
      case ":path" -> path = once(name, path, value);
      // :protocol needs SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441), which we never send.
      default -> throw malformed("the pseudo-header field " + FieldSyntax.printable(name));
    }
  }

  private String once(String name, String previous, String value) {
    if (previous != null) throw malformed("two " + name + " fields");
    return value;
  }

  /** The request head, once every field was added. */
  public H2RequestHead request() {
    if (kind != Kind.REQUEST) throw new IllegalStateException("not a request validator");
    if (method == null) throw malformed("no :method");
    if (!FieldSyntax.isToken(method)) throw malformed(":method " + FieldSyntax.printable(method));
    if (method.equals("CONNECT")) {
      // Section 8.5: CONNECT has :authority and no :scheme or :path.
      if (scheme != null || path != null) throw malformed("CONNECT with :scheme or :path");
      if (authority == null || authority.isEmpty()) throw malformed("CONNECT without :authority");
      return new H2RequestHead(method, "", authority, "", fields.build());
    }
    if (scheme == null) throw malformed("no :scheme");
    if (path == null) throw malformed("no :path");
    if (path.isEmpty()) throw malformed("an empty :path");
    // Section 8.3.1: an origin-form path, or "*" for OPTIONS.
    if (path.charAt(0) != '/' && !(path.equals("*") && method.equals("OPTIONS"))) {
      throw malformed(":path " + FieldSyntax.printable(path));
    }
    String effective = authority != null ? authority : host;
    if (authority != null && host != null && !authority.equalsIgnoreCase(host)) {
      throw malformed("host " + FieldSyntax.printable(host) + " differs from :authority");
    }
    return new H2RequestHead(method, scheme, effective == null ? "" : effective, path, fields.build());
  }

  /** The response head, once every field was added. */
  public H2ResponseHead response() {
    if (kind != Kind.RESPONSE) throw new IllegalStateException("not a response validator");
    if (status == null) throw malformed("no :status");
    if (status.length() != 3 || !allDigits(status) || status.charAt(0) == '0') {
      throw malformed(":status " + FieldSyntax.printable(status));
    }
    return new H2ResponseHead(Integer.parseInt(status), fields.build());
  }

  /** The trailer fields, once every field was added. */
  public Headers trailers() {
    if (kind != Kind.TRAILERS) throw new IllegalStateException("not a trailers validator");
    return fields.build();
  }

  /** Section 8.2.1: lower-case token characters only. */
  private void checkName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c >= 'A' && c <= 'Z') || !FieldSyntax.isTokenChar(c)) {
        throw malformed("field name " + FieldSyntax.printable(name) + " has " + FieldSyntax.describe(c) + " at " + i);
      }
    }
  }

  /** Section 8.2.1: no NUL, CR or LF; no SP or HTAB at either end. */
  private void checkValue(String name, String value) {
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == 0 || c == '\r' || c == '\n') {
        throw malformed("the value of " + FieldSyntax.printable(name) + " has " + FieldSyntax.describe(c));
      }
    }
    if (n > 0 && (FieldSyntax.isWhitespace(value.charAt(0)) || FieldSyntax.isWhitespace(value.charAt(n - 1)))) {
      throw malformed("the value of " + FieldSyntax.printable(name) + " has whitespace at an end");
    }
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  private H2Exception malformed(String why) {
    return H2Exception.streamError(streamId, ErrorCode.PROTOCOL_ERROR, "malformed message on stream " + streamId + ": " + why);
  }
}
