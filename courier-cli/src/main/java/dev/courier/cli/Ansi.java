package dev.courier.cli;

import java.util.Locale;
import java.util.Map;

/**
 * The colours of the output (ECMA-48 "Select Graphic Rendition"), in one of a few styles, or
 * none at all. Code paints with the logical colours below; a style maps each to what the
 * terminal is sent: {@code AUTO} the terminal's own 16-colour palette (follows its theme),
 * {@code MONOKAI} and {@code SOLARIZED} those palettes in the 256-colour set, {@code MONO} bold
 * and underline only.
 *
 * <pre>{@code
 * Ansi.AUTO.paint(Ansi.GREEN, "200")      // "\033[32m200\033[0m"
 * Ansi.MONOKAI.paint(Ansi.GREEN, "200")   // "\033[38;5;148m200\033[0m"
 * }</pre>
 */
enum Ansi {
  OFF(Map.of()),
  AUTO(Map.of()),
  MONOKAI(Map.of("31", "38;5;197", "32", "38;5;148", "33", "38;5;186", "34", "38;5;81",
      "35", "38;5;141", "36", "38;5;208")),
  SOLARIZED(Map.of("31", "38;5;160", "32", "38;5;106", "33", "38;5;136", "34", "38;5;33",
      "35", "38;5;125", "36", "38;5;37")),
  MONO(Map.of("31", "1", "32", "1", "33", "4", "34", "1", "35", "0", "36", "1"));

  static final String RED = "31";
  static final String GREEN = "32";
  static final String YELLOW = "33";
  static final String BLUE = "34";
  static final String MAGENTA = "35";
  static final String CYAN = "36";
  static final String BOLD = "1";

  /** The names {@code --style} takes. */
  static final String STYLES = "auto, monokai, solarized, mono";

  private final Map<String, String> codes;

  Ansi(Map<String, String> codes) {
    this.codes = codes;
  }

  static Ansi of(boolean on) {
    return on ? AUTO : OFF;
  }

  /** The style named {@code name} (null: auto) when colours are on, else {@link #OFF}. */
  static Ansi of(boolean on, String name) {
    Ansi style = style(name);
    return on ? style : OFF;
  }

  /** The style named by {@code --style} (null: auto). */
  static Ansi style(String name) {
    if (name == null) return AUTO;
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "auto", "default" -> AUTO;
      case "monokai" -> MONOKAI;
      case "solarized" -> SOLARIZED;
      case "mono", "bw" -> MONO;
      default -> throw new BadItemException("--style " + name + ": expected one of " + STYLES);
    };
  }

  /** {@code text} in colour {@code code}, or as it is when off. */
  String paint(String code, String text) {
    if (this == OFF || text.isEmpty()) return text;
    return "\033[" + codes.getOrDefault(code, code) + "m" + text + "\033[0m";
  }

  /** The colour of a status code: green 2xx, yellow 3xx, red 4xx and 5xx, cyan 1xx. */
  static String forStatus(int code) {
    return code >= 400 ? RED : code >= 300 ? YELLOW : code >= 200 ? GREEN : CYAN;
  }
}
