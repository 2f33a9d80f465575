package dev.courier.cookies;

/**
 * The cookie file formats {@link CookieFiles} reads and writes.
 *
 * <pre>{@code
 * CookieFiles.save(jar, Path.of("cookies.txt"), CookieFileFormat.NETSCAPE);
 * CookieFileFormat.detect(Files.readString(path));   // NETSCAPE, LWP or JSON
 * }</pre>
 */
public enum CookieFileFormat {
  /**
   * The Netscape/Mozilla {@code cookies.txt} format that curl ({@code -b}/{@code -c}), wget and
   * Python's {@code MozillaCookieJar} use: seven TAB-separated fields a line (domain,
   * include-subdomains, path, secure, expiry in Unix seconds with 0 for a session cookie, name,
   * value); curl's {@code #HttpOnly_} prefix marks HttpOnly cookies. Written byte for byte as the
   * header carried it (ISO-8859-1 chars), as curl does; Python opens the file as UTF-8 text, so a
   * server's cookie bytes that are not UTF-8 make Python's loader (not curl's or ours) refuse it.
   * Session cookies are written with expiry 0, as curl does; Python reads 0 as expired unless
   * {@code ignore_expires=True}.
   */
  NETSCAPE,
  /**
   * libwww-perl's {@code Set-Cookie3} format (Python's {@code LWPCookieJar}): a {@code
   * #LWP-Cookies-2.0} line, then one {@code Set-Cookie3: name=value; path="/"; ...} line a cookie.
   */
  LWP,
  /**
   * Courier's JSON: {@code {"format":"courier-cookies","version":1,"cookies":[{...}]}} with every
   * field of {@link Cookie} (instants in ISO-8601). The only format that keeps SameSite,
   * Partitioned and creation times. UTF-8.
   */
  JSON;

  /**
   * Recognises a format by content: {@code #LWP-Cookies-} on the first non-blank line is LWP, a
   * leading <code>{</code> or {@code [} is JSON, anything else is Netscape (curl writes files
   * without the header, and accepts them).
   */
  public static CookieFileFormat detect(String content) {
    int i = 0;
    if (content.startsWith("\uFEFF")) i = 1;
    while (i < content.length() && Character.isWhitespace(content.charAt(i))) i++;
    if (content.startsWith("#LWP-Cookies-", i)) return LWP;
    if (i < content.length() && (content.charAt(i) == '{' || content.charAt(i) == '[')) return JSON;
    return NETSCAPE;
  }
}
