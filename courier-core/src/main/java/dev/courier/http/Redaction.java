package dev.courier.http;

/**
 * Hides the password of a URL that could not be parsed, so error messages never carry it
 * (OkHttp CVE-2023-0833, curl CVE-2026-94266: credentials in messages and logs).
 */
final class Redaction {
  static final String MASK = "****";

  private Redaction() {}

  /**
   * Replaces the text between the first ":" of the userinfo and the last "@" of the authority
   * with {@value #MASK}. Works on raw input, with or without a scheme.
   */
  static String redact(String input) {
    int start = input.indexOf("//");
    int schemeColon = input.indexOf(':');
    if (start < 0 || (schemeColon >= 0 && schemeColon < start && start != schemeColon + 1)) {
      start = 0; // "user:pass@host/" typed without a scheme
    } else {
      start += 2;
    }
    int end = start;
    while (end < input.length() && "/?#".indexOf(input.charAt(end)) < 0) {
      end++;
    }
    int at = input.lastIndexOf('@', end - 1);
    if (at < start) {
      return input;
    }
    int colon = input.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return input;
    }
    return input.substring(0, colon + 1) + MASK + input.substring(at);
  }
}
