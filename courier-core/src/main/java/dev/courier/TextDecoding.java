package dev.courier;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;

/**
 * How {@link Response#text()} picks a charset, in order:
 *
 * <ol>
 *   <li>one set with {@link Response#encoding(Charset)};
 *   <li>the {@code charset} parameter of {@code Content-Type};
 *   <li>a byte order mark (UTF-8, UTF-16BE, UTF-16LE), which is then not part of the text;
 *   <li>for JSON media types ({@code application/json}, {@code *+json}): UTF-8, as RFC 8259
 *       Section 8.1 requires (UTF-16/32 recognised by their zero-byte pattern, as RFC 4627 did);
 *   <li>otherwise UTF-8 when the bytes are valid UTF-8; else the charset statistical detection
 *       finds ({@link CharsetDetection}, when juniversalchardet is present: Shift_JIS,
 *       windows-1251, GB18030...); else windows-1252 (what browsers use for unlabelled Latin
 *       text). Unlike {@code requests}, {@code text/*} without a charset is not read as ISO-8859-1
 *       (the mojibake of psf/requests#2086).
 * </ol>
 */
final class TextDecoding {
  static final Charset FALLBACK = Charset.forName("windows-1252");

  private TextDecoding() {}

  /** The charset parameter of a Content-Type value, when present and known to the JVM. */
  static Optional<Charset> charsetOf(String contentType) {
    if (contentType == null) return Optional.empty();
    int i = contentType.indexOf(';');
    while (i >= 0 && i < contentType.length()) {
      int next = nextSemicolon(contentType, i + 1);
      String param = contentType.substring(i + 1, next).trim();
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
        String value = param.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        try {
          return Optional.of(Charset.forName(value));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          return Optional.empty();
        }
      }
      i = next;
    }
    return Optional.empty();
  }

  private static int nextSemicolon(String s, int from) {
    boolean quoted = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') quoted = !quoted;
      else if (c == '\\' && quoted) i++;
      else if (c == ';' && !quoted) return i;
    }
    return s.length();
  }

  /** True for {@code application/json} and any {@code +json} structured syntax suffix. */
  static boolean isJson(String contentType) {
    if (contentType == null) return false;
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.endsWith("+json");
  }

  /** Decodes {@code bytes}; {@code explicit} wins when present. */
  static String decode(byte[] bytes, String contentType, Charset explicit) {
    if (explicit != null) return new String(bytes, explicit);
    Optional<Charset> declared = charsetOf(contentType);
    if (declared.isPresent()) return new String(bytes, declared.get());
    int bom = bomLength(bytes);
    if (bom > 0) return new String(bytes, bom, bytes.length - bom, bomCharset(bytes));
    if (isJson(contentType)) return new String(bytes, jsonCharset(bytes));
    return new String(bytes, apparent(bytes, CharsetDetection.library()));
  }

  /** The charset {@link #decode} would use for these bytes. */
  static Charset detect(byte[] bytes, String contentType) {
    Optional<Charset> declared = charsetOf(contentType);
    if (declared.isPresent()) return declared.get();
    if (bomLength(bytes) > 0) return bomCharset(bytes);
    if (isJson(contentType)) return jsonCharset(bytes);
    return apparent(bytes, CharsetDetection.library());
  }

  /**
   * The charset of the bytes alone, headers aside (requests' {@code apparent_encoding}): a byte
   * order mark; else UTF-8 when they are valid UTF-8 (ASCII included); else what {@code detector}
   * finds; else windows-1252.
   */
  static Charset apparent(byte[] bytes, CharsetDetection.Detector detector) {
    if (bomLength(bytes) > 0) return bomCharset(bytes);
    if (isValidUtf8(bytes)) return StandardCharsets.UTF_8;
    return detector.detect(bytes).orElse(FALLBACK);
  }

  static int bomLength(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) return 3;
    if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) return 2;
    if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) return 2;
    return 0;
  }

  private static Charset bomCharset(byte[] b) {
    if ((b[0] & 0xff) == 0xEF) return StandardCharsets.UTF_8;
    return (b[0] & 0xff) == 0xFE ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
  }

  /** RFC 4627 Section 3: the first two characters are ASCII, so zero bytes reveal UTF-16/32. */
  private static Charset jsonCharset(byte[] b) {
    if (b.length >= 4) {
      if (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0) return Charset.forName("UTF-32BE");
      if (b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0) return Charset.forName("UTF-32LE");
    }
    if (b.length >= 2) {
      if (b[0] == 0 && b[1] != 0) return StandardCharsets.UTF_16BE;
      if (b[0] != 0 && b[1] == 0) return StandardCharsets.UTF_16LE;
    }
    return StandardCharsets.UTF_8;
  }

  static boolean isValidUtf8(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        try {
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
          return true;
        } catch (CharacterCodingException e) {
          return false;
        }
      }
    }
    return true; // pure ASCII
  }
}
