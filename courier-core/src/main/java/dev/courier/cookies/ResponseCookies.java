package dev.courier.cookies;

import dev.courier.http.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cookies one response sets, in order: a server's way to build several {@code Set-Cookie}
 * fields at once, and to read them back (the response side of Python's {@code SimpleCookie};
 * {@link CookieHeader} is the request side). Immutable.
 *
 * <pre>{@code
 * ResponseCookies cookies = ResponseCookies.builder()
 *     .add("sid", "31d4d96e")
 *     .add(SetCookie.builder("theme", "dark").path("/").maxAge(Duration.ofDays(30)).build())
 *     .build();
 * cookies.values();    // [sid=31d4d96e, theme=dark; Max-Age=2592000; Path=/]
 * cookies.headers();   // two Set-Cookie fields, for a response's headers
 * }</pre>
 *
 * <p>Two cookies with the same name, domain and path in one response would leave the client
 * with whichever came last: the builder refuses the second with a {@link CookieException}, as
 * it refuses a name or value a cookie cannot carry.
 */
public final class ResponseCookies {
  private final List<SetCookie> cookies;

  private ResponseCookies(List<SetCookie> cookies) {
    this.cookies = List.copyOf(cookies);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the {@code Set-Cookie} fields of a response, in order.
   *
   * @throws CookieException naming the first field a client must ignore (RFC 6265bis, Section 5.6)
   *     or a repeated identity
   */
  public static ResponseCookies parse(Headers headers) {
    Builder b = builder();
    List<String> values = headers.allValues("Set-Cookie");
    for (int i = 0; i < values.size(); i++) {
      try {
        b.add(SetCookie.parse(values.get(i)));
      } catch (IllegalArgumentException e) {
        throw new CookieException("Set-Cookie field " + (i + 1) + " is refused: " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  /** The cookies, in order. */
  public List<SetCookie> cookies() {
    return cookies;
  }

  /** The first cookie with this name. */
  public Optional<SetCookie> get(String name) {
    return cookies.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The {@code Set-Cookie} field values, in order. */
  public List<String> values() {
    return cookies.stream().map(SetCookie::toString).toList();
  }

  /** One {@code Set-Cookie} field per cookie, in order (never folded into one line: RFC 9110, Section 5.3). */
  public Headers headers() {
    Headers.Builder h = Headers.builder();
    for (SetCookie c : cookies) h.add("Set-Cookie", c.toString());
    return h.build();
  }

  public int size() {
    return cookies.size();
  }

  /** {@code Set-Cookie: a=1} lines joined by CRLF, as {@code SimpleCookie.output()}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (SetCookie c : cookies) {
      if (!out.isEmpty()) out.append("\r\n");
      out.append("Set-Cookie: ").append(c);
    }
    return out.toString();
  }

  /** Builds {@link ResponseCookies}; not thread-safe. */
  public static final class Builder {
    private final List<SetCookie> cookies = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a cookie with no attributes.
     *
     * @throws CookieException when the name is not a token or the value not cookie-octets
     *     ({@link SetCookie#quote(String)} makes any text one)
     */
    public Builder add(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      try {
        return add(SetCookie.builder(name, value).build());
      } catch (IllegalArgumentException e) {
        throw new CookieException(e.getMessage(), e);
      }
    }

    /**
     * Adds a cookie.
     *
     * @throws CookieException when one with the same name, domain and path is already there
     */
    public Builder add(SetCookie cookie) {
      Objects.requireNonNull(cookie, "cookie");
      for (SetCookie c : cookies) {
        if (c.name().equals(cookie.name()) && c.domain().equals(cookie.domain()) && c.path().equals(cookie.path())) {
          throw new CookieException("cookie \"" + cookie.name() + "\" is set twice for the same domain and path");
        }
      }
      cookies.add(cookie);
      return this;
    }

    public ResponseCookies build() {
      return new ResponseCookies(cookies);
    }
  }
}
