package dev.courier;

import dev.courier.http.Headers;
import dev.courier.http.Url;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a request as a curl command line for a POSIX shell ({@link Request#toCurl(boolean)},
 * {@link PreparedRequest#toCurl(boolean)}). Every argument is single-quoted, the one quoting
 * where the shell reads nothing inside: a {@code '} inside becomes {@code '\''}.
 */
final class CurlCommand {
  /** A body rendered inline up to this size; a larger one is named as {@code @-} (stdin). */
  static final int MAX_INLINE_BODY = 1 << 20;

  private CurlCommand() {}

  static String of(String method, Url url, Headers headers, Body body, boolean showSecrets) {
    StringBuilder out = new StringBuilder("curl");
    String target = showSecrets ? url.toUnredactedString() : url.redacted();
    // curl reads [] and {} in a URL as globs (an IPv6 host, a JSON query value): turn that off
    if (target.matches(".*[\\[\\]{}].*")) out.append(" --globoff");
    if (method.equals("HEAD")) {
      out.append(" --head");
    } else if (!method.equals("GET") || body != null) {
      out.append(" -X ").append(quote(method));
    }
    out.append(' ').append(quote(target));
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      String value = headers.value(i);
      // curl frames the body it sends, and derives Host from the URL unless told otherwise
      if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) continue;
      if (name.equalsIgnoreCase("Host") && value.equalsIgnoreCase(url.authority())) continue;
      if (!showSecrets && isSecret(name)) value = Url.MASK;
      // "-H 'X:'" would remove curl's own X; "-H 'X;'" is curl's way to send X empty
      out.append(" -H ").append(quote(value.isEmpty() ? name + ";" : name + ": " + value));
    }
    String printf = null;
    if (body != null) {
      byte[] bytes = inlineBytes(body);
      if (body instanceof Bodies.FileBody file) {
        out.append(" --data-binary ").append(quote("@" + file.path()));
      } else if (bytes == null) {
        out.append(" --data-binary @-"); // a one-shot stream: pipe it in
      } else if (isPlainText(bytes)) {
        out.append(" --data-binary ").append(quote(new String(bytes, StandardCharsets.UTF_8)));
      } else {
        // binary: printf's octal escapes carry every byte exactly (POSIX printf, Section "Escape Sequences")
        printf = "printf " + quote(octal(bytes)) + " | ";
        out.append(" --data-binary @-");
      }
    }
    return printf == null ? out.toString() : printf + out;
  }

  /** Authorization, Proxy-Authorization and Cookie (a request's credentials). */
  private static boolean isSecret(String name) {
    return name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Proxy-Authorization")
        || name.equalsIgnoreCase("Cookie");
  }

  /** {@code 'text'}, a quote inside closed, escaped and reopened. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** The body's bytes when they are in memory or cheap to produce again; null for a stream. */
  private static byte[] inlineBytes(Body body) {
    if (body instanceof Bodies.BytesBody b) return b.bytes();
    if (!body.isReplayable() || body instanceof Bodies.FileBody) return null;
    long length = body.contentLength();
    if (length < 0 || length > MAX_INLINE_BODY) return null;
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
    try {
      body.writeTo(out);
    } catch (IOException e) {
      return null;
    }
    return out.toByteArray();
  }

  /** Valid UTF-8 without NUL or controls other than TAB, CR and LF: safe inside single quotes. */
  private static boolean isPlainText(byte[] bytes) {
    for (byte b : bytes) {
      if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7f) return false;
    }
    return TextDecoding.isValidUtf8(bytes);
  }

  private static String octal(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 4);
    for (byte b : bytes) {
      int v = b & 0xff;
      if (v >= 0x20 && v < 0x7f && v != '\\' && v != '%' && v != '\'') {
        out.append((char) v);
      } else {
        out.append('\\').append((char) ('0' + (v >> 6))).append((char) ('0' + ((v >> 3) & 7)))
            .append((char) ('0' + (v & 7)));
      }
    }
    return out.toString();
  }
}
