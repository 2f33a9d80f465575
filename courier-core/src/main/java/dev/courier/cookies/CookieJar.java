package dev.courier.cookies;

import dev.courier.http.Url;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * Instant now = Instant.parse("2030-01-01T00:00:00Z");  // time can be passed in
 * jar.setCookie(url, "a=1; Max-Age=60", now);
 * jar.cookieHeader(url, now.plusSeconds(61));           // "" (expired)
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
  /** Cookie domain to the cookies of that domain (host-only and domain cookies alike). */
  private final Map<String, List<Entry>> buckets = new HashMap<>();
  /** Registrable domain (or host) to its count and bucket keys: the per-domain limit's unit. */
  private final Map<String, Group> groups = new HashMap<>();
  private int size;
  private long sequence;
  private long tick;

  private static final class Entry {
    Cookie cookie;
    final long seq;
    long lastAccess;
    final String group;

    Entry(Cookie cookie, long seq, long lastAccess, String group) {
      this.cookie = cookie;
      this.seq = seq;
      this.lastAccess = lastAccess;
      this.group = group;
    }
  }

  private static final class Group {
    int count;
    final Set<String> domains = new HashSet<>();
  }

  private CookieJar(Builder b) {
    this.policy = b.policy;
    this.limits = b.limits;
    this.clock = b.clock;
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
    return store(RequestTarget.of(url), setCookieHeader, now, context) == null;
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
  public java.util.Optional<String> setCookieOrExplain(
      Url url, String setCookieHeader, Instant now, SiteContext context) {
    return java.util.Optional.ofNullable(store(RequestTarget.of(url), setCookieHeader, now, context));
  }

  /**
   * Stores what one {@code Set-Cookie} header of a response from {@code target} asks for.
   *
   * @return true when the rules accepted the header (stored, replaced or, for an expired cookie,
   *     deleted a matching one); false when it was ignored
   */
  boolean setCookie(RequestTarget target, String setCookieHeader, Instant now, SiteContext context) {
    return store(target, setCookieHeader, now, context) == null;
  }

  /**
   * The storage algorithm of RFC 6265bis section 5.7. Returns null when accepted, otherwise the
   * reason the cookie was ignored (for tests and debugging).
   */
  String store(RequestTarget target, String header, Instant now, SiteContext context) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(context, "context");
    SetCookie sc;
    try {
      sc = SetCookie.parse(header);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return store(target, sc, now, context);
  }

  String store(RequestTarget target, SetCookie sc, Instant now, SiteContext context) {
    String host = target.host();
    if (sc.name().isEmpty()) {
      if (!policy.acceptNamelessCookies()) return "nameless cookie (policy: RFC 6265)";
      // Step 4: a nameless cookie must not look like a prefixed one.
      String v = sc.value().toLowerCase(Locale.ROOT);
      if (v.startsWith("__secure-") || v.startsWith("__host-")) return "nameless cookie with a prefix";
    }
    // Step 6: Max-Age wins over Expires; both are capped at maxAge (RFC 6265bis 5.5).
    Instant expires = null;
    Instant latest = now.plus(limits.maxAge());
    if (sc.maxAge().isPresent()) {
      long seconds = sc.maxAge().getAsLong();
      expires = seconds <= 0 ? Instant.MIN : (seconds >= limits.maxAge().getSeconds() ? latest : now.plusSeconds(seconds));
    } else if (sc.expires().isPresent()) {
      expires = sc.expires().get().isAfter(latest) ? latest : sc.expires().get();
    }
    // Steps 7-10: domain.
    String domainAttribute = sc.domain().orElse("");
    boolean hostOnly;
    String domain;
    if (!domainAttribute.isEmpty()) {
      for (int i = 0; i < domainAttribute.length(); i++) {
        if (domainAttribute.charAt(i) >= 0x80) return "non-ASCII Domain attribute (step 8)";
      }
      if (policy.rejectSingleLabelDomains()
          && domainAttribute.indexOf('.') < 0
          && !domainAttribute.equals(host)) {
        return "Domain without an embedded dot (policy)";
      }
      if (policy.rejectPublicSuffixes() && policy.publicSuffixList().isPublicSuffix(domainAttribute)) {
        if (!domainAttribute.equals(host)) return "Domain is a public suffix (step 9)";
        domainAttribute = "";
      }
    }
    if (!domainAttribute.isEmpty()) {
      if (!CookieMatching.domainMatches(host, domainAttribute)) {
        return "Domain " + domainAttribute + " does not domain-match " + host + " (step 10)";
      }
      hostOnly = false;
      domain = domainAttribute;
    } else {
      hostOnly = true;
      domain = host;
    }
    if (!policy.isDomainPermitted(domain) || !policy.isDomainPermitted(host)) {
      return "domain blocked by policy";
    }
    // Step 11: path.
    String path = sc.path().orElseGet(() -> CookieMatching.defaultPath(target.path()));
    // Steps 12-13: Secure needs a secure origin.
    boolean secureOrigin = policy.secureSchemes().contains(target.scheme());
    if (sc.secure() && !secureOrigin && policy.secureOnlyFromSecureOrigins()) {
      return "Secure cookie from an insecure origin (step 13)";
    }
    // Steps 17-19: SameSite.
    SameSite sameSite = sc.sameSite();
    boolean restricted =
        sameSite == SameSite.STRICT
            || sameSite == SameSite.LAX
            || (sameSite == SameSite.DEFAULT && policy.laxByDefault());
    if (restricted && context == SiteContext.CROSS_SITE) {
      return "SameSite cookie set from a cross-site request (step 18)";
    }
    if (sameSite == SameSite.NONE && !sc.secure() && policy.sameSiteNoneRequiresSecure()) {
      return "SameSite=None without Secure (step 19)";
    }
    // Steps 20-21: prefixes, matched case-insensitively.
    if (policy.enforcePrefixes()) {
      String lower = sc.name().toLowerCase(Locale.ROOT);
      if (lower.startsWith("__secure-") && !(sc.secure() && secureOrigin)) {
        return "__Secure- cookie without Secure from a secure origin (step 20)";
      }
      if (lower.startsWith("__host-")
          && !(sc.secure() && secureOrigin && hostOnly && sc.hasPathAttribute() && path.equals("/"))) {
        return "__Host- cookie needs Secure, no Domain and Path=/ (step 21)";
      }
    }
    Cookie cookie;
    try {
      cookie = buildCookie(sc, domain, hostOnly, path, expires, sameSite, now);
    } catch (IllegalArgumentException e) {
      return "not storable: " + e.getMessage(); // defensive: parse and storage rules should agree
    }
    String group = groupOf(domain);
    lock.lock();
    try {
      // Step 16: an insecure origin may not shadow a Secure cookie ("leave Secure cookies alone").
      if (!sc.secure() && !secureOrigin && policy.secureOnlyFromSecureOrigins()
          && shadowsSecureCookie(cookie, group)) {
        return "would overwrite a Secure cookie from an insecure origin (step 16)";
      }
      put(cookie, group, now, true);
      return null;
    } finally {
      lock.unlock();
    }
  }

  private static Cookie buildCookie(
      SetCookie sc, String domain, boolean hostOnly, String path, Instant expires, SameSite sameSite, Instant now) {
    return Cookie.builder(sc.name(), sc.value())
        .domain(domain)
        .hostOnly(hostOnly)
        .path(path)
        .expires(expires)
        .secure(sc.secure())
        .httpOnly(sc.httpOnly())
        .sameSite(sameSite)
        .partitioned(sc.partitioned())
        .creationTime(now)
        .build();
  }

  private boolean shadowsSecureCookie(Cookie cookie, String group) {
    Group g = groups.get(group);
    if (g == null) return false;
    for (String key : g.domains) {
      for (Entry e : buckets.getOrDefault(key, List.of())) {
        Cookie old = e.cookie;
        if (old.secure()
            && old.name().equals(cookie.name())
            && (CookieMatching.domainMatches(old.domain(), cookie.domain())
                || CookieMatching.domainMatches(cookie.domain(), old.domain()))
            && CookieMatching.pathMatches(cookie.path(), old.path())) {
          return true;
        }
      }
    }
    return false;
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
      put(cookie, group, null, false);
    } finally {
      lock.unlock();
    }
  }

  /** Adds every cookie, as {@link #add(Cookie)}. */
  public void addAll(Iterable<Cookie> cookies) {
    for (Cookie c : cookies) add(c);
  }

  /** Caller holds the lock. {@code now} null means: keep even if expired (added by hand). */
  private void put(Cookie cookie, String group, Instant now, boolean keepOldCreation) {
    List<Entry> bucket = buckets.computeIfAbsent(cookie.domain(), k -> new ArrayList<>(4));
    long seq = -1;
    for (Iterator<Entry> it = bucket.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.cookie.sameIdentity(cookie)) {
        // Step 23: the new cookie takes the old one's creation time (and so its place in order).
        if (keepOldCreation) {
          cookie = cookie.toBuilder().creationTime(e.cookie.creationTime()).build();
          seq = e.seq;
        }
        it.remove();
        removed(e);
        break;
      }
    }
    // Step 25 (and Max-Age=0 deletion): an expired cookie is not kept.
    if (now != null && cookie.isExpired(now)) {
      if (bucket.isEmpty()) {
        buckets.remove(cookie.domain());
        Group g = groups.get(group);
        if (g != null) g.domains.remove(cookie.domain());
      }
      return;
    }
    Entry entry = new Entry(cookie, seq >= 0 ? seq : sequence++, ++tick, group);
    bucket.add(entry);
    size++;
    Group g = groups.computeIfAbsent(group, k -> new Group());
    g.count++;
    g.domains.add(cookie.domain());
    if (g.count > limits.maxCookiesPerDomain()) evictFrom(g, entry, now);
    if (size > limits.maxCookies()) evictGlobally(entry, now);
  }

  private void removed(Entry e) {
    size--;
    Group g = groups.get(e.group);
    if (g != null && --g.count == 0) groups.remove(e.group);
  }

  /** Evicts from one group: an expired cookie first, else the least recently used. */
  private void evictFrom(Group g, Entry keep, Instant now) {
    Entry victim = null;
    for (String key : g.domains) {
      for (Entry e : buckets.getOrDefault(key, List.of())) {
        if (e == keep) continue;
        if (now != null && e.cookie.isExpired(now)) {
          victim = e;
          break;
        }
        if (victim == null || e.lastAccess < victim.lastAccess) victim = e;
      }
    }
    if (victim != null) remove(victim);
  }

  private void evictGlobally(Entry keep, Instant now) {
    Entry victim = null;
    outer:
    for (List<Entry> bucket : buckets.values()) {
      for (Entry e : bucket) {
        if (e == keep) continue;
        if (now != null && e.cookie.isExpired(now)) {
          victim = e;
          break outer;
        }
        if (victim == null || e.lastAccess < victim.lastAccess) victim = e;
      }
    }
    if (victim != null) remove(victim);
  }

  private void remove(Entry e) {
    List<Entry> bucket = buckets.get(e.cookie.domain());
    if (bucket != null && bucket.remove(e)) {
      if (bucket.isEmpty()) {
        buckets.remove(e.cookie.domain());
        Group g = groups.get(e.group);
        if (g != null) g.domains.remove(e.cookie.domain());
      }
      removed(e);
    }
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

  /** The header for a request in {@code context} ({@code SameSite} applied). */
  public String cookieHeader(Url url, Instant now, SiteContext context) {
    return cookieHeader(RequestTarget.of(url), now, context);
  }

  /** As {@link #cookieHeader(Url)}; the URL is parsed by {@link Url#parse(String)}. */
  public String cookieHeader(String url) {
    return cookieHeader(Url.parse(url));
  }

  public String cookieHeader(String url, Instant now) {
    return cookieHeader(Url.parse(url), now);
  }

  /** The cookies a request to {@code url} carries, in header order (RFC 6265bis 5.8.3). */
  public List<Cookie> cookiesFor(Url url, Instant now, SiteContext context) {
    return cookiesFor(RequestTarget.of(url), now, context);
  }

  public List<Cookie> cookiesFor(Url url) {
    return cookiesFor(RequestTarget.of(url), clock.instant(), SiteContext.SAME_SITE);
  }

  /**
   * The cookies a request to {@code target} carries, in the order of RFC 6265bis section 5.8.3:
   * longer paths first, then earlier creation. Updates their last-access time; drops expired ones.
   */
  List<Cookie> cookiesFor(RequestTarget target, Instant now, SiteContext context) {
    Objects.requireNonNull(now, "now");
    String host = target.host();
    boolean secure = policy.secureSchemes().contains(target.scheme());
    String path = target.path();
    List<Entry> found = new ArrayList<>();
    lock.lock();
    try {
      collect(host, host, path, secure, now, context, found);
      if (!CookieMatching.isIpAddress(host)) {
        for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
          collect(host.substring(dot + 1), host, path, secure, now, context, found);
        }
      }
      if (found.size() > 1) found.sort(ORDER);
      List<Cookie> out = new ArrayList<>(found.size());
      for (Entry e : found) {
        e.lastAccess = ++tick;
        out.add(e.cookie);
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  private static final Comparator<Entry> ORDER =
      Comparator.<Entry>comparingInt(e -> -e.cookie.path().length())
          .thenComparing(e -> e.cookie.creationTime())
          .thenComparingLong(e -> e.seq);

  private void collect(
      String key, String host, String path, boolean secure, Instant now, SiteContext context,
      List<Entry> found) {
    List<Entry> bucket = buckets.get(key);
    if (bucket == null) return;
    for (int i = 0; i < bucket.size(); i++) {
      Entry e = bucket.get(i);
      Cookie c = e.cookie;
      if (c.isExpired(now)) {
        remove(e);
        i--;
        continue;
      }
      if (c.hostOnly() && !key.equals(host)) continue;
      if (c.secure() && !secure) continue;
      if (!CookieMatching.pathMatches(path, c.path())) continue;
      if (!sameSiteAllows(c.sameSite(), context)) continue;
      if (!policy.isDomainPermitted(c.domain())) continue;
      found.add(e);
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

  /**
   * The {@code Cookie} header value for a request to {@code target}; "" when no cookie applies.
   * Cookies that would push the header past {@link CookieLimits#maxCookieHeaderOctets()} are left out.
   */
  String cookieHeader(RequestTarget target, Instant now, SiteContext context) {
    List<Cookie> cookies = cookiesFor(target, now, context);
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

  // ---------------------------------------------------------------------------------------------
  // Listing and clearing

  /** Every stored cookie (expired ones included until a lookup or {@link #removeExpired} drops them), in domain, path, creation order. */
  public List<Cookie> cookies() {
    List<Entry> all = new ArrayList<>(size);
    lock.lock();
    try {
      for (List<Entry> bucket : buckets.values()) all.addAll(bucket);
    } finally {
      lock.unlock();
    }
    all.sort(
        Comparator.<Entry, String>comparing(e -> e.cookie.domain())
            .thenComparing(e -> e.cookie.path())
            .thenComparingLong(e -> e.seq));
    List<Cookie> out = new ArrayList<>(all.size());
    for (Entry e : all) out.add(e.cookie);
    return out;
  }

  /** Every stored cookie in creation order (what files keep, so a reload sends the same order). */
  List<Cookie> cookiesInCreationOrder() {
    List<Entry> all = new ArrayList<>(size);
    lock.lock();
    try {
      for (List<Entry> bucket : buckets.values()) all.addAll(bucket);
    } finally {
      lock.unlock();
    }
    all.sort(Comparator.<Entry, Instant>comparing(e -> e.cookie.creationTime()).thenComparingLong(e -> e.seq));
    List<Cookie> out = new ArrayList<>(all.size());
    for (Entry e : all) out.add(e.cookie);
    return out;
  }

  /** The stored cookies that have not expired at {@code now}. */
  public List<Cookie> cookies(Instant now) {
    List<Cookie> out = new ArrayList<>();
    for (Cookie c : cookies()) {
      if (!c.isExpired(now)) out.add(c);
    }
    return out;
  }

  /** How many cookies are stored. */
  public int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /** Removes the cookies that match; returns how many. */
  public int removeIf(Predicate<? super Cookie> filter) {
    lock.lock();
    try {
      List<Entry> doomed = new ArrayList<>();
      for (List<Entry> bucket : buckets.values()) {
        for (Entry e : bucket) {
          if (filter.test(e.cookie)) doomed.add(e);
        }
      }
      for (Entry e : doomed) remove(e);
      return doomed.size();
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
