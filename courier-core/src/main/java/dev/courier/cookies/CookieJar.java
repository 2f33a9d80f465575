package dev.courier.cookies;

import dev.courier.http.Url;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A cookie store with the storage model of RFC 6265bis section 5.7 and the retrieval rules of
 * section 5.8.3: what a browser keeps, a client keeps.
 *
 * <pre>{@code
 * CookieJar jar = CookieJar.create();
 * jar.setCookie("https://example.com/login", "sid=31d4; Path=/; Secure; HttpOnly");
 * jar.cookieHeader("https://example.com/account");      // "sid=31d4"
 * jar.cookieHeader("http://example.com/account");       // "" (Secure)
 *
 * Url url = Url.parse("https://example.com/");
 * Instant now = Instant.parse("2030-01-01T00:00:00Z");  // time can be passed in
 * jar.setCookie(url, "a=1; Max-Age=60", now);
 * jar.cookieHeader(url, now);                           // "sid=31d4; a=1"
 * jar.cookieHeader(url, now.plusSeconds(61));           // "sid=31d4" (a has expired)
 * }</pre>
 *
 * <p>Rules applied when storing: host-only versus domain cookies; {@code Domain} must domain-match
 * the request host and must not be a public suffix (unless it is the host itself, which then makes
 * a host-only cookie); default path; {@code Max-Age} wins over {@code Expires} and expiry is capped
 * at {@link CookieLimits#maxAge()}; a cookie with the same name, domain, host-only flag and path is
 * replaced and keeps its creation time; {@code Secure} cookies only from secure origins and never
 * shadowed from insecure ones; {@code __Secure-} and {@code __Host-} prefixes; {@code SameSite}
 * recorded and applied for the {@link SiteContext} the caller gives. The {@link CookiePolicy}
 * decides the optional parts; {@link CookieLimits} bounds the store.
 *
 * <p>Lookups are indexed by domain: a request to {@code a.b.example.com} reads the buckets for that
 * host and each parent domain, never the whole store. Thread-safe: one {@link ReentrantLock}
 * guards the store (lookups update last-access times, so they write too); no I/O happens under it.
 * Only the overloads without an {@code Instant} read the clock given to the builder.
 */
public final class CookieJar {
  private final CookiePolicy policy;
  private final CookieLimits limits;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}. */
  private final CookieIndex index;

  private CookieJar(Builder b) {
    this.policy = b.policy;
    this.limits = b.limits;
    this.clock = b.clock;
    this.index = new CookieIndex(b.limits);
  }

  /** A jar with the default policy and limits, reading the system clock. */
  public static CookieJar create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public CookiePolicy policy() {
    return policy;
  }

  public CookieLimits limits() {
    return limits;
  }

  /** The clock the convenience overloads read. */
  public InstantSource clock() {
    return clock;
  }

  // ---------------------------------------------------------------------------------------------
  // Storing

  /**
   * Stores what one {@code Set-Cookie} header of a response from {@code url} asks for, at the
   * clock's time, treating the request as same-site.
   *
   * @return true when the rules accepted the header (stored, replaced, or for an expired cookie
   *     deleted the matching one); false when it was ignored
   */
  public boolean setCookie(Url url, String setCookieHeader) {
    return setCookie(url, setCookieHeader, clock.instant());
  }

  /** As {@link #setCookie(Url, String)} at time {@code now}. */
  public boolean setCookie(Url url, String setCookieHeader, Instant now) {
    return setCookie(url, setCookieHeader, now, SiteContext.SAME_SITE);
  }

  /**
   * As {@link #setCookie(Url, String, Instant)} for a response to a request in {@code context}: a
   * cross-site response may not set {@code SameSite=Strict} or {@code Lax} cookies (RFC 6265bis 5.7
   * step 18).
   */
  public boolean setCookie(Url url, String setCookieHeader, Instant now, SiteContext context) {
    return store(RequestUrl.of(url), setCookieHeader, now, context) == null;
  }

  /** As {@link #setCookie(Url, String)}; the URL is parsed by {@link Url#parse(String)}. */
  public boolean setCookie(String url, String setCookieHeader) {
    return setCookie(Url.parse(url), setCookieHeader);
  }

  public boolean setCookie(String url, String setCookieHeader, Instant now) {
    return setCookie(Url.parse(url), setCookieHeader, now);
  }

  /** Stores every {@code Set-Cookie} value of one response, in order; returns how many were accepted. */
  public int setCookies(Url url, Iterable<String> setCookieHeaders, Instant now) {
    int accepted = 0;
    for (String header : setCookieHeaders) {
      if (setCookie(url, header, now)) accepted++;
    }
    return accepted;
  }

  public int setCookies(Url url, Iterable<String> setCookieHeaders) {
    return setCookies(url, setCookieHeaders, clock.instant());
  }

  /**
   * Like {@link #setCookie(Url, String, Instant, SiteContext)} but says why a header was ignored:
   * empty when accepted, else the rule that refused it ("Domain is a public suffix (step 9)").
   */
  public Optional<String> setCookieOrExplain(
      Url url, String setCookieHeader, Instant now, SiteContext context) {
    return Optional.ofNullable(store(RequestUrl.of(url), setCookieHeader, now, context));
  }

  /** Null when accepted, otherwise the reason the header was ignored. */
  private String store(RequestUrl target, String header, Instant now, SiteContext context) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(context, "context");
    SetCookie sc;
    try {
      sc = SetCookie.parse(header);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    StorageModel.Decision d = StorageModel.decide(target, sc, now, context, policy, limits);
    if (d.refusal() != null) return d.refusal();
    String group = groupOf(d.cookie().domain());
    lock.lock();
    try {
      // Step 16: an insecure origin may not shadow a Secure cookie ("leave Secure cookies alone").
      if (!sc.secure() && !d.secureOrigin() && policy.secureOnlyFromSecureOrigins()
          && index.shadowsSecureCookie(d.cookie(), group)) {
        return "would overwrite a Secure cookie from an insecure origin (step 16)";
      }
      index.put(d.cookie(), group, now, true);
      return null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds a cookie as it is, bypassing the policy (as loading a file does), replacing any cookie with
   * the same name, domain, host-only flag and path. Limits still apply.
   */
  public void add(Cookie cookie) {
    Objects.requireNonNull(cookie, "cookie");
    String group = groupOf(cookie.domain());
    lock.lock();
    try {
      index.put(cookie, group, null, false);
    } finally {
      lock.unlock();
    }
  }

  /** Adds every cookie, as {@link #add(Cookie)}. */
  public void addAll(Iterable<Cookie> cookies) {
    for (Cookie c : cookies) add(c);
  }

  /** The per-domain limit's unit: the registrable domain, or the domain itself (IPs, suffixes). */
  private String groupOf(String domain) {
    if (CookieMatching.isIpAddress(domain)) return domain;
    return policy.publicSuffixList().registrableDomain(domain).orElse(domain);
  }

  // ---------------------------------------------------------------------------------------------
  // Retrieving

  /**
   * The {@code Cookie} header value a request to {@code url} must carry, at the clock's time, as a
   * same-site request; "" when no cookie applies.
   */
  public String cookieHeader(Url url) {
    return cookieHeader(url, clock.instant());
  }

  public String cookieHeader(Url url, Instant now) {
    return cookieHeader(url, now, SiteContext.SAME_SITE);
  }

  /**
   * The header for a request in {@code context} ({@code SameSite} applied). Cookies that would push
   * the header past {@link CookieLimits#maxCookieHeaderOctets()} are left out.
   */
  public String cookieHeader(Url url, Instant now, SiteContext context) {
    List<Cookie> cookies = cookiesFor(url, now, context);
    if (cookies.isEmpty()) return "";
    StringBuilder out = new StringBuilder(cookies.size() * 24);
    for (Cookie c : cookies) {
      int length = (c.name().isEmpty() ? 0 : c.name().length() + 1) + c.value().length();
      int separator = out.isEmpty() ? 0 : 2;
      if (out.length() + separator + length > limits.maxCookieHeaderOctets()) continue;
      if (separator > 0) out.append("; ");
      // Section 5.8.3 step 4: a nameless cookie is sent as its value alone.
      if (!c.name().isEmpty()) out.append(c.name()).append('=');
      out.append(c.value());
    }
    return out.toString();
  }

  /** As {@link #cookieHeader(Url)}; the URL is parsed by {@link Url#parse(String)}. */
  public String cookieHeader(String url) {
    return cookieHeader(Url.parse(url));
  }

  public String cookieHeader(String url, Instant now) {
    return cookieHeader(Url.parse(url), now);
  }

  public List<Cookie> cookiesFor(Url url) {
    return cookiesFor(url, clock.instant(), SiteContext.SAME_SITE);
  }

  /**
   * The cookies a request to {@code url} carries, in the order of RFC 6265bis section 5.8.3
   * (longer paths first, then earlier creation). Updates their last use; drops expired ones.
   */
  public List<Cookie> cookiesFor(Url url, Instant now, SiteContext context) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(context, "context");
    RequestUrl target = RequestUrl.of(url);
    boolean secure = policy.isSecure(target);
    lock.lock();
    try {
      // Step 1 of 5.8.3: domain and path are the index's; Secure, SameSite and policy are here.
      return index.lookup(target.host(), target.path(), now,
          c -> (!c.secure() || secure) && sameSiteAllows(c.sameSite(), context)
              && policy.isDomainPermitted(c.domain()));
    } finally {
      lock.unlock();
    }
  }

  private boolean sameSiteAllows(SameSite sameSite, SiteContext context) {
    if (context == SiteContext.SAME_SITE) return true;
    SameSite effective =
        sameSite == SameSite.DEFAULT ? (policy.laxByDefault() ? SameSite.LAX : SameSite.NONE) : sameSite;
    return switch (effective) {
      case STRICT -> false;
      case LAX -> context == SiteContext.CROSS_SITE_SAFE_NAVIGATION;
      default -> true;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Listing and clearing

  /**
   * Every stored cookie (expired ones included until a lookup or {@link #removeExpired} drops
   * them), ordered by domain, path and creation.
   */
  public List<Cookie> cookies() {
    lock.lock();
    try {
      return index.all(
          Comparator.<CookieIndex.Entry, String>comparing(e -> e.cookie.domain())
              .thenComparing(e -> e.cookie.path())
              .thenComparingLong(e -> e.seq));
    } finally {
      lock.unlock();
    }
  }

  /** Every stored cookie in creation order (what files keep, so a reload sends the same order). */
  List<Cookie> cookiesInCreationOrder() {
    lock.lock();
    try {
      return index.all(
          Comparator.<CookieIndex.Entry, Instant>comparing(e -> e.cookie.creationTime())
              .thenComparingLong(e -> e.seq));
    } finally {
      lock.unlock();
    }
  }

  /** The stored cookies that have not expired at {@code now}. */
  public List<Cookie> cookies(Instant now) {
    List<Cookie> out = new ArrayList<>();
    for (Cookie c : cookies()) {
      if (!c.isExpired(now)) out.add(c);
    }
    return out;
  }

  /**
   * True when no cookie is stored. Takes no lock (a session asks before every request), so a
   * cookie being stored by another thread at this moment may or may not be seen, as if the two
   * had happened in one order or the other.
   */
  public boolean isEmpty() {
    return index.size() == 0;
  }

  /** How many cookies are stored. */
  public int size() {
    lock.lock();
    try {
      return index.size();
    } finally {
      lock.unlock();
    }
  }

  /** Removes the cookies that match; returns how many. */
  public int removeIf(Predicate<? super Cookie> filter) {
    lock.lock();
    try {
      return index.removeIf(filter);
    } finally {
      lock.unlock();
    }
  }

  /** Removes every cookie. */
  public int clear() {
    return removeIf(c -> true);
  }

  /** Removes the cookies whose domain is {@code domain} (a leading dot is ignored; case-insensitive). */
  public int clear(String domain) {
    String d = normalizeDomain(domain);
    return removeIf(c -> c.domain().equals(d));
  }

  /** Removes the cookies of {@code domain} with exactly this path. */
  public int clear(String domain, String path) {
    String d = normalizeDomain(domain);
    return removeIf(c -> c.domain().equals(d) && c.path().equals(path));
  }

  /** Removes the cookie(s) of {@code domain} with this path and name. */
  public int clear(String domain, String path, String name) {
    String d = normalizeDomain(domain);
    return removeIf(c -> c.domain().equals(d) && c.path().equals(path) && c.name().equals(name));
  }

  /** Removes session cookies (those without an expiry), as ending a browser session does. */
  public int clearSessionCookies() {
    return removeIf(c -> !c.persistent());
  }

  /** Removes the cookies expired at the clock's time (http.cookiejar's {@code clear_expired_cookies()}). */
  public int removeExpired() {
    return removeExpired(clock.instant());
  }

  /**
   * The cookies this jar would store from a response's {@code Set-Cookie} fields, without storing
   * them (http.cookiejar's {@code make_cookies}): each value judged by the same rules as {@link
   * #setCookie} (policy, public suffixes, prefixes, a Secure cookie not shadowed from an insecure
   * origin), a later value replacing an earlier one with the same identity. A value that would
   * only delete a stored cookie (already expired) is not listed. At the clock's time.
   *
   * <pre>{@code
   * List<Cookie> would = jar.makeCookies(Url.parse("https://example.com/login"), response.headers());
   * }</pre>
   */
  public List<Cookie> makeCookies(Url url, dev.courier.http.Headers headers) {
    return makeCookies(url, headers, clock.instant());
  }

  /** As {@link #makeCookies(Url, dev.courier.http.Headers)} at time {@code now}. */
  public List<Cookie> makeCookies(Url url, dev.courier.http.Headers headers, Instant now) {
    Objects.requireNonNull(now, "now");
    RequestUrl target = RequestUrl.of(url);
    java.util.Map<String, Cookie> byIdentity = new java.util.LinkedHashMap<>();
    for (String header : headers.allValues("Set-Cookie")) {
      SetCookie sc;
      try {
        sc = SetCookie.parse(header);
      } catch (IllegalArgumentException e) {
        continue; // a line the RFC says to ignore
      }
      StorageModel.Decision d = StorageModel.decide(target, sc, now, SiteContext.SAME_SITE, policy, limits);
      if (d.refusal() != null) continue;
      Cookie c = d.cookie();
      String identity = c.name() + ";" + c.domain() + ";" + c.hostOnly() + ";" + c.path();
      if (!sc.secure() && !d.secureOrigin() && policy.secureOnlyFromSecureOrigins() && shadowsSecure(c)) continue;
      byIdentity.remove(identity); // a later field replaces (or deletes), and goes last, as storing would
      if (!c.isExpired(now)) byIdentity.put(identity, c);
    }
    return List.copyOf(byIdentity.values());
  }

  private boolean shadowsSecure(Cookie c) {
    String group = groupOf(c.domain());
    lock.lock();
    try {
      return index.shadowsSecureCookie(c, group);
    } finally {
      lock.unlock();
    }
  }

  /** Replaces every cookie with {@code cookies} at once, as {@link CookieFiles#revert} needs. */
  void replaceWith(Iterable<Cookie> cookies) {
    lock.lock();
    try {
      index.removeIf(c -> true);
      for (Cookie c : cookies) index.put(c, groupOf(c.domain()), null, false);
    } finally {
      lock.unlock();
    }
  }

  /** Removes the cookies expired at {@code now}. */
  public int removeExpired(Instant now) {
    return removeIf(c -> c.isExpired(now));
  }

  private static String normalizeDomain(String domain) {
    String d = domain.startsWith(".") ? domain.substring(1) : domain;
    return PublicSuffixList.toAscii(d);
  }

  @Override
  public String toString() {
    return "CookieJar[" + size() + " cookies]";
  }

  /** Builds a {@link CookieJar}. */
  public static final class Builder {
    private CookiePolicy policy = CookiePolicy.defaults();
    private CookieLimits limits = CookieLimits.defaults();
    private InstantSource clock = InstantSource.system();

    private Builder() {}

    public Builder policy(CookiePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder limits(CookieLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The clock for the overloads without an {@code Instant} (tests pass a fixed one). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public CookieJar build() {
      return new CookieJar(this);
    }
  }
}
