package dev.courier;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Optional;

/**
 * Statistical charset detection for bodies that name no charset, through juniversalchardet
 * ({@code com.github.albfernandez:juniversalchardet}, Mozilla's detector) when it is on the class
 * or module path, as brotli and zstd are optional for decoding: found by name at run time, never
 * required. Without it, {@link #detect} is always empty and callers fall back to their rule.
 *
 * <p>The detector knows the legacy encodings a client still meets: Shift_JIS, EUC-JP,
 * ISO-2022-JP, GB18030, Big5, EUC-KR, windows-1251/KOI8-R/IBM866, ISO-8859-7/windows-1253,
 * windows-1255 and others. It needs a few hundred bytes of text to be sure; on short or ambiguous
 * input it answers nothing, which is better than a wrong guess.
 */
final class CharsetDetection {
  /** Bytes looked at: the detector is sure long before this on real text, and it bounds the cost. */
  static final int MAX_SAMPLE = 64 * 1024;

  private static final Detector LIBRARY = universalchardet();

  /** Detects a charset from bytes; empty when it cannot tell. */
  @FunctionalInterface
  interface Detector {
    Optional<Charset> detect(byte[] bytes);
  }

  private CharsetDetection() {}

  /** The detector of the optional library, or one that never answers when it is absent. */
  static Detector library() {
    return LIBRARY;
  }

  static boolean available() {
    return LIBRARY != NONE;
  }

  static final Detector NONE = bytes -> Optional.empty();

  private static Detector universalchardet() {
    try {
      Class<?> type = Class.forName("org.mozilla.universalchardet.UniversalDetector");
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodHandle create = lookup.findConstructor(type, MethodType.methodType(void.class));
      MethodHandle feed = lookup.findVirtual(type, "handleData", MethodType.methodType(void.class, byte[].class, int.class, int.class));
      MethodHandle end = lookup.findVirtual(type, "dataEnd", MethodType.methodType(void.class));
      MethodHandle result = lookup.findVirtual(type, "getDetectedCharset", MethodType.methodType(String.class));
      return bytes -> {
        try {
          Object detector = create.invoke();
          feed.invoke(detector, bytes, 0, Math.min(bytes.length, MAX_SAMPLE));
          end.invoke(detector);
          return charset((String) result.invoke(detector));
        } catch (Throwable e) {
          if (e instanceof Error error && !(e instanceof LinkageError)) throw error;
          return Optional.empty(); // a detector failure must not fail text(): the caller's fallback applies
        }
      };
    } catch (ReflectiveOperationException | LinkageError e) {
      return NONE;
    }
  }

  /** The JDK's charset for a detector's name, when the JDK has it. */
  private static Optional<Charset> charset(String name) {
    if (name == null) return Optional.empty();
    try {
      return Optional.of(Charset.forName(name));
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return Optional.empty();
    }
  }
}
