package dev.courier.cli;

import java.util.regex.Pattern;

/**
 * The URL as typed, made whole as HTTPie does: {@code :8000/path} and {@code :/path} mean
 * localhost; a URL without a scheme gets {@code http://} ({@code https://} with {@code --https}).
 *
 * <pre>{@code
 * UrlArgument.complete(":8000/get", false);      // http://localhost:8000/get
 * UrlArgument.complete("example.org", true);     // https://example.org
 * }</pre>
 */
final class UrlArgument {
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");
  private static final Pattern LOCAL_SHORTHAND = Pattern.compile("^:(\\d*)(/.*)?$", Pattern.DOTALL);

  private UrlArgument() {}

  static String complete(String typed, boolean https) {
    String scheme = https ? "https://" : "http://";
    var local = LOCAL_SHORTHAND.matcher(typed);
    if (local.matches()) {
      String port = local.group(1);
      String path = local.group(2) == null ? "" : local.group(2);
      return scheme + "localhost" + (port.isEmpty() ? "" : ":" + port) + path;
    }
    if (SCHEME.matcher(typed).find()) return typed;
    return scheme + typed;
  }
}
