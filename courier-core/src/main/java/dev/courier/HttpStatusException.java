package dev.courier;

import dev.courier.error.CourierException;
import dev.courier.http.Url;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A 4xx or 5xx status, raised by {@link Response#raiseForStatus()} with the response attached.
 * The server answered, so {@link #mayHaveReachedServer()} is true.
 * The message has the status, method, URL and the first {@value #SNIPPET_LENGTH} characters of a
 * textual body with white space collapsed and the values of JSON fields named like secrets
 * ({@code password}, {@code token}, {@code secret}, {@code api_key}...) replaced by {@code ****} ({@link dev.courier.http.Url#MASK}).
 *
 * <pre>{@code
 * try {
 *   Courier.get(url).raiseForStatus();
 * } catch (HttpStatusException e) {
 *   if (e.statusCode() == 404) return Optional.empty();
 *   throw e;   // "404 Not Found for GET https://api.example.com/x: {"error":"no such item"}"
 * }
 * }</pre>
 */
public class HttpStatusException extends CourierException {
  private static final long serialVersionUID = 1L;

  /** Characters of the body shown in the message. */
  public static final int SNIPPET_LENGTH = 200;

  private static final Pattern SECRET_FIELD = Pattern.compile(
      "(\"[A-Za-z0-9_-]{0,40}(?:password|passwd|secret|token|api[_-]?key|authorization|credential)"
          + "[A-Za-z0-9_-]{0,40}\"\\s{0,8}:\\s{0,8})\"[^\"]{0,400}\"",
      Pattern.CASE_INSENSITIVE);

  private final transient Response response;

  /** An exception for this (4xx or 5xx) response. */
  public HttpStatusException(Response response) {
    super(describe(response), response.url().redacted(), true, null);
    this.response = response;
  }

  /** The response, body included (already read unless it was streamed). */
  public Response response() {
    return response;
  }

  /** The status code. */
  public int statusCode() {
    return response.statusCode();
  }

  private static String describe(Response r) {
    StringBuilder out = new StringBuilder().append(r.statusCode());
    if (!r.reason().isEmpty()) out.append(' ').append(r.reason());
    out.append(" for ").append(r.request().method());
    String snippet = snippet(r);
    if (!snippet.isEmpty()) out.append(": ").append(snippet);
    return out.toString();
  }

  static String snippet(Response r) {
    if (!r.body().isBuffered()) return ""; // never read a streamed body behind the caller's back
    String type = r.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    boolean textual = type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
        || type.contains("x-www-form-urlencoded");
    if (!textual) return "";
    String text;
    try {
      text = r.text();
    } catch (RuntimeException e) {
      return "";
    }
    String head = text.length() > SNIPPET_LENGTH * 4 ? text.substring(0, SNIPPET_LENGTH * 4) : text;
    Matcher m = SECRET_FIELD.matcher(head);
    String redacted = m.replaceAll(mr -> Matcher.quoteReplacement(mr.group(1) + "\"" + Url.MASK + "\""));
    StringBuilder out = new StringBuilder();
    boolean space = false;
    for (int i = 0; i < redacted.length() && out.length() < SNIPPET_LENGTH; i++) {
      char c = redacted.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = !out.isEmpty();
      } else {
        if (space) out.append(' ');
        space = false;
        out.append(c);
      }
    }
    if (text.length() > out.length() && out.length() >= SNIPPET_LENGTH) out.append('…');
    return out.toString();
  }
}
