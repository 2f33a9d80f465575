package dev.courier;

import dev.courier.cookies.CookieJar;
import dev.courier.http.Url;

/** A {@link CookieJar} seen through the bridge's {@link CookieStore}. */
final class JarCookies implements CookieStore {
  private final CookieJar jar;

  JarCookies(CookieJar jar) {
    this.jar = jar;
  }

  @Override
  public String header(Url url) {
    return jar.isEmpty() ? "" : jar.cookieHeader(url); // isEmpty takes no lock: most jars stay empty
  }

  @Override
  public void store(Url url, String setCookie) {
    jar.setCookie(url, setCookie); // refused cookies (public suffix, bad prefix...) are simply not stored
  }
}
