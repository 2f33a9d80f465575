package dev.courier.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small {@code multipart/form-data} reader (RFC 7578) for {@link HttpBin}: splits a buffered
 * body on its boundary and gives each part's name, file name, content type and bytes.
 */
final class MultipartForm {
  private MultipartForm() {}

  record Part(String name, String fileName, String contentType, byte[] data) {}

  /** The parts of {@code body}; throws IllegalArgumentException when it is not well formed. */
  static List<Part> parse(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int pos = indexOf(body, delimiter, 0);
    if (pos < 0) throw new IllegalArgumentException("no boundary in body");
    while (true) {
      pos += delimiter.length;
      if (pos + 1 < body.length && body[pos] == '-' && body[pos + 1] == '-') return parts; // close delimiter
      // transport padding, then CRLF
      while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) pos++;
      if (pos + 1 >= body.length || body[pos] != '\r' || body[pos + 1] != '\n') {
        throw new IllegalArgumentException("malformed boundary line");
      }
      pos += 2;
      int headEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
      if (headEnd < 0) throw new IllegalArgumentException("part without header end");
      String head = new String(body, pos, headEnd - pos, StandardCharsets.UTF_8);
      int dataStart = headEnd + 4;
      byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
      int dataEnd = indexOf(body, next, dataStart);
      if (dataEnd < 0) throw new IllegalArgumentException("part without closing boundary");
      String name = null;
      String fileName = null;
      String type = "text/plain";
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon < 0) continue;
        String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        if (field.equals("content-disposition")) {
          name = param(value, "name");
          fileName = param(value, "filename");
        } else if (field.equals("content-type")) {
          type = value;
        }
      }
      byte[] data = java.util.Arrays.copyOfRange(body, dataStart, dataEnd);
      parts.add(new Part(name == null ? "" : name, fileName, type, data));
      pos = dataEnd + 2;
    }
  }

  /** A parameter of a header value such as {@code form-data; name="a"; filename="b.txt"}. */
  static String param(String value, String name) {
    int i = 0;
    int n = value.length();
    while (i < n) {
      int semi = value.indexOf(';', i);
      if (semi < 0) return null;
      i = semi + 1;
      while (i < n && value.charAt(i) == ' ') i++;
      int eq = value.indexOf('=', i);
      if (eq < 0) return null;
      String key = value.substring(i, eq).trim();
      i = eq + 1;
      String v;
      if (i < n && value.charAt(i) == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < n && value.charAt(i) != '"') {
          if (value.charAt(i) == '\\' && i + 1 < n) i++;
          sb.append(value.charAt(i++));
        }
        i++;
        v = sb.toString();
      } else {
        int end = value.indexOf(';', i);
        if (end < 0) end = n;
        v = value.substring(i, end).trim();
        i = end;
      }
      if (key.equalsIgnoreCase(name)) return v;
    }
    return null;
  }

  static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(from, 0); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
