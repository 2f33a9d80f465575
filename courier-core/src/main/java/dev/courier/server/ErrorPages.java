package dev.courier.server;

import dev.courier.internal.Html;
import dev.courier.internal.Json;
import java.util.Locale;

/**
 * Error responses built from the status's phrase and description, as HTML for browsers or as
 * JSON for clients whose {@code Accept} prefers it.
 *
 * <pre>{@code
 * return ErrorPages.response(404, request, "no user " + id);
 * // Accept: application/json  ->  {"status":404,"error":"Not Found","description":"...","detail":"no user 7"}
 * }</pre>
 */
public final class ErrorPages {
  private ErrorPages() {}

  /** The error page for {@code status} in the format {@code request}'s {@code Accept} prefers. */
  public static ServerResponse response(int status, ServerRequest request, String detail) {
    return wantsJson(request.header("Accept").orElse("")) ? json(status, detail) : html(status, detail);
  }

  /** An HTML error page: phrase as title, description, and the detail (escaped). */
  public static ServerResponse html(int status, String detail) {
    String phrase = Html.escape(StatusText.phrase(status));
    String page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<title>" + status + " " + phrase + "</title>\n"
        + "<style>body{font-family:system-ui,sans-serif;margin:3em auto;max-width:40em;color:#222}"
        + "h1{font-weight:500}p.detail{color:#555}</style>\n</head>\n<body>\n"
        + "<h1>" + status + " " + phrase + "</h1>\n"
        + "<p>" + Html.escape(StatusText.description(status)) + "</p>\n"
        + (detail == null || detail.isEmpty() ? "" : "<p class=\"detail\">" + Html.escape(detail) + "</p>\n")
        + "</body>\n</html>\n";
    return ServerResponse.builder(status).html(page);
  }

  /** A JSON error: {@code {"status":..,"error":..,"description":..,"detail":..}}. */
  public static ServerResponse json(int status, String detail) {
    StringBuilder out = new StringBuilder(128).append("{\"status\":").append(status)
        .append(",\"error\":").append(Json.quote(StatusText.phrase(status)))
        .append(",\"description\":").append(Json.quote(StatusText.description(status)));
    if (detail != null && !detail.isEmpty()) out.append(",\"detail\":").append(Json.quote(detail));
    return ServerResponse.builder(status).json(out.append("}\n").toString());
  }

  /** True when {@code accept} ranks a JSON type above HTML (RFC 9110 section 12.5.1, simplified). */
  static boolean wantsJson(String accept) {
    double json = -1;
    double html = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=") || p.startsWith("Q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (type.equals("application/json") || type.endsWith("+json")) json = Math.max(json, q);
      if (type.equals("text/html") || type.equals("application/xhtml+xml")) html = Math.max(html, q);
    }
    return json > 0 && json > html;
  }
}
