package dev.courier.server;

import dev.courier.http.HttpStatus;
import dev.courier.http.StatusClass;

/**
 * Reason phrases and descriptions for any status code the server writes: the registry's from
 * {@link HttpStatus}, or the class name for an unregistered code (RFC 9110 section 15 lets a
 * recipient treat it as the x00 of its class).
 */
final class StatusText {
  private StatusText() {}

  static String phrase(int status) {
    return HttpStatus.lookup(status).map(HttpStatus::phrase).orElseGet(() -> className(status));
  }

  static String description(int status) {
    return HttpStatus.lookup(status).map(HttpStatus::description).orElseGet(() -> className(status) + ".");
  }

  private static String className(int status) {
    if (!HttpStatus.isValidCode(status)) return "Unknown";
    StatusClass c = HttpStatus.classOf(status);
    String name = c.name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
