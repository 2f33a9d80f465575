package dev.courier;

import dev.courier.http.Url;

/** What the bridge needs from a cookie jar: the Cookie header for a URL, and storing a Set-Cookie. */
interface CookieStore {
  /** The {@code Cookie} header value for a request to {@code url}; empty when none. */
  String header(Url url);

  /** Stores what a response from {@code url} set; refused cookies are dropped silently. */
  void store(Url url, String setCookie);
}
