package dev.courier.cli;

/**
 * The few ANSI SGR colours the output uses (ECMA-48 "Select Graphic Rendition"), or none at all.
 *
 * <pre>{@code
 * Ansi.ON.paint(Ansi.GREEN, "200")   // "\033[32m200\033[0m"
 * }</pre>
 */
enum Ansi {
  ON, OFF;

  static final String RED = "31";
  static final String GREEN = "32";
  static final String YELLOW = "33";
  static final String BLUE = "34";
  static final String MAGENTA = "35";
  static final String CYAN = "36";
  static final String BOLD = "1";

  static Ansi of(boolean on) {
    return on ? ON : OFF;
  }

  /** {@code text} in colour {@code code}, or as it is when off. */
  String paint(String code, String text) {
    return this == OFF || text.isEmpty() ? text : "\033[" + code + "m" + text + "\033[0m";
  }

  /** The colour of a status code: green 2xx, yellow 3xx, red 4xx and 5xx, cyan 1xx. */
  static String forStatus(int code) {
    return code >= 400 ? RED : code >= 300 ? YELLOW : code >= 200 ? GREEN : CYAN;
  }
}
