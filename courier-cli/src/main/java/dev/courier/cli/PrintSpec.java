package dev.courier.cli;

/**
 * What to print (HTTPie's {@code --print} letters) and how: {@code H} request headers, {@code B}
 * request body, {@code h} response headers, {@code b} response body, {@code m} metadata; colours
 * and formatting from {@code --pretty}, the terminal and {@code NO_COLOR}; the palette from {@code --style}.
 *
 * <pre>{@code
 * PrintSpec.of(options, io);   // on a terminal: hb, coloured and formatted; piped: b, raw
 * }</pre>
 */
record PrintSpec(boolean requestHead, boolean requestBody, boolean responseHead, boolean responseBody, boolean meta,
    boolean colors, boolean format, Ansi style) {

  static PrintSpec of(RequestOptions o, Io io) {
    String what;
    if (o.quiet) {
      what = "";
    } else if (o.print != null) {
      what = o.print;
      for (char c : what.toCharArray()) {
        if ("HBhbm".indexOf(c) < 0) {
          throw new BadItemException("--print " + what + ": unknown letter '" + c + "' (use H, B, h, b, m)");
        }
      }
    } else if (o.verbose) {
      what = "HBhb";
    } else if (o.headersOnly) {
      what = "h";
    } else if (o.bodyOnly) {
      what = "b";
    } else if (o.metaOnly) {
      what = "m";
    } else if (o.offline) {
      what = "HB";
    } else {
      what = io.stdoutTerminal() ? "hb" : "b";
    }
    boolean colors;
    boolean format;
    if (o.pretty == null) {
      format = io.stdoutTerminal();
      // https://no-color.org: a non-empty NO_COLOR drops colours unless asked for on the command line.
      colors = io.stdoutTerminal() && io.env("NO_COLOR").isEmpty();
    } else {
      switch (o.pretty) {
        case "all" -> { colors = true; format = true; }
        case "colors" -> { colors = true; format = false; }
        case "format" -> { colors = false; format = true; }
        case "none" -> { colors = false; format = false; }
        default -> throw new BadItemException("--pretty " + o.pretty + ": expected all, colors, format or none");
      }
    }
    return new PrintSpec(what.indexOf('H') >= 0, what.indexOf('B') >= 0, what.indexOf('h') >= 0,
        what.indexOf('b') >= 0, what.indexOf('m') >= 0, colors, format, Ansi.style(o.style));
  }

  /** The colours to paint with: the {@code --style} when colours are on, else none. */
  Ansi ansi() {
    return colors ? style : Ansi.OFF;
  }

  boolean anyRequest() {
    return requestHead || requestBody;
  }
}
