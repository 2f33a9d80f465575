package dev.courier;

import dev.courier.http.Headers;
import dev.courier.http.Url;
import java.util.Optional;

/**
 * A request as a {@link Session} would put it on the wire, made by {@link Session#prepare(Request)}
 * without sending anything (requests' {@code PreparedRequest}): the final method and URL, every
 * header (the session's defaults, auth, cookies, Host, framing), and the body. For inspecting,
 * logging and {@link #toCurl()}; send the original {@link Request} with {@link Session#send}.
 *
 * <pre>{@code
 * PreparedRequest p = session.prepare(Request.get("https://api.example.com/me").build());
 * p.headers().firstValue("Authorization");   // Optional[Basic YWRhOnMzY3JldA==]
 * System.err.println(p.toCurl());            // curl 'https://api.example.com/me' -H 'Authorization: ****' ...
 * }</pre>
 *
 * <p>Immutable; {@code toString()} hides credentials as {@link Headers#toString()} does.
 */
public final class PreparedRequest {
  private final Request request;

  PreparedRequest(Request request) {
    this.request = request;
  }

  /** The method. */
  public String method() {
    return request.method();
  }

  /** The URL, with the session's parameters and without user-info. */
  public Url url() {
    return request.url();
  }

  /** Every header field that would be sent, in order. */
  public Headers headers() {
    return request.headers();
  }

  /** The body, if any (its framing is in {@link #headers()}). */
  public Optional<Body> body() {
    return request.body();
  }

  /** As a {@link Request} (with these headers), e.g. to hand to another tool. */
  public Request request() {
    return request;
  }

  /** A curl command line that sends the same request, secrets redacted: see {@link Request#toCurl(boolean)}. */
  public String toCurl() {
    return request.toCurl(false);
  }

  /** A curl command line that sends the same request; secrets shown only when {@code showSecrets}. */
  public String toCurl(boolean showSecrets) {
    return request.toCurl(showSecrets);
  }

  /** {@code PreparedRequest[GET http://host/path]} and the headers, credentials hidden. */
  @Override
  public String toString() {
    return "PreparedRequest[" + request.method() + " " + request.url().redacted() + "]\n" + request.headers();
  }
}
