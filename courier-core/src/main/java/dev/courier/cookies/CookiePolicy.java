package dev.courier.cookies;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@link CookieJar} accepts and sends beyond the fixed rules of RFC 6265bis: blocked and
 * allowed domains (like Python's {@code DefaultCookiePolicy}), the public-suffix check, and the
 * switches that give Python {@code http.cookiejar}-compatible behaviour.
 *
 * <pre>{@code
 * CookiePolicy p = CookiePolicy.builder().blockDomain("ads.example").build();
 * CookieJar jar = CookieJar.builder().policy(p).build();
 * CookieJar py = CookieJar.builder().policy(CookiePolicy.pythonCompatible()).build();
 * }</pre>
 *
 * <h2>Defaults (RFC 6265bis, as browsers behave)</h2>
 * Public suffixes refused as {@code Domain}; nameless cookies kept; {@code Secure} cookies only from
 * secure origins and never overwritten from insecure ones; {@code __Secure-}/{@code __Host-}
 * prefixes enforced; {@code SameSite=None} needs {@code Secure}; cookies without {@code SameSite}
 * behave as {@code None}; http to localhost and loopback addresses counts as secure, as in browsers.
 *
 * <h2>{@link #pythonCompatible()}</h2>
 * The switches where Python 3's {@code http.cookiejar.DefaultCookiePolicy} (Netscape rules) differs
 * and users migrating scripts notice:
 * <ul>
 *   <li>{@code rejectPublicSuffixes(false)} and {@code rejectSingleLabelDomains(true)}: Python has no
 *       public suffix list; it refuses only a {@code Domain} without an embedded dot ({@code .com}).
 *   <li>{@code secureOnlyFromSecureOrigins(false)}: Python stores a {@code Secure} cookie received
 *       over http (it still sends it only over https and wss).
 *   <li>{@code enforcePrefixes(false)}: Python ignores {@code __Secure-}/{@code __Host-}.
 *   <li>{@code sameSiteNoneRequiresSecure(false)}: Python ignores {@code SameSite}.
 *   <li>{@code loopbackIsSecure(false)}: Python sends Secure cookies only over https and wss.
 * </ul>
 * Deliberately not copied, because they are security bugs: sending host-only cookies to subdomains
 * (Python's "DomainLiberal", requests#2576) and matching domains without a label boundary.
 * {@code PythonCompatibilityTest} runs the real Python jar beside this preset and checks they send
 * the same cookies.
 */
public final class CookiePolicy {
  private static final CookiePolicy DEFAULT = builder().build();

  private final Set<String> blockedDomains;
  private final Set<String> allowedDomains;
  private final boolean rejectPublicSuffixes;
  private final boolean rejectSingleLabelDomains;
  private final boolean acceptNamelessCookies;
  private final boolean secureOnlyFromSecureOrigins;
  private final boolean enforcePrefixes;
  private final boolean sameSiteNoneRequiresSecure;
  private final boolean laxByDefault;
  private final boolean loopbackIsSecure;
  private final Set<String> secureSchemes;
  private final PublicSuffixList publicSuffixList;

  private CookiePolicy(Builder b) {
    this.blockedDomains = Set.copyOf(b.blockedDomains);
    this.allowedDomains = b.allowedDomains == null ? null : Set.copyOf(b.allowedDomains);
    this.rejectPublicSuffixes = b.rejectPublicSuffixes;
    this.rejectSingleLabelDomains = b.rejectSingleLabelDomains;
    this.acceptNamelessCookies = b.acceptNamelessCookies;
    this.secureOnlyFromSecureOrigins = b.secureOnlyFromSecureOrigins;
    this.enforcePrefixes = b.enforcePrefixes;
    this.sameSiteNoneRequiresSecure = b.sameSiteNoneRequiresSecure;
    this.laxByDefault = b.laxByDefault;
    this.loopbackIsSecure = b.loopbackIsSecure;
    this.secureSchemes = Set.copyOf(b.secureSchemes);
    this.publicSuffixList = b.publicSuffixList;
  }

  /** RFC 6265bis behaviour with the bundled public suffix list. */
  public static CookiePolicy defaults() {
    return DEFAULT;
  }

  /** Python {@code http.cookiejar.DefaultCookiePolicy}-like acceptance (see the class comment). */
  public static CookiePolicy pythonCompatible() {
    return builder()
        .rejectPublicSuffixes(false)
        .rejectSingleLabelDomains(true)
        .secureOnlyFromSecureOrigins(false)
        .enforcePrefixes(false)
        .sameSiteNoneRequiresSecure(false)
        .loopbackIsSecure(false)
        .build();
  }

  /**
   * Strict RFC 6265 (2011): like the defaults, but a {@code Set-Cookie} without {@code =} or with
   * an empty name is ignored, as RFC 6265 section 5.2 step 2 and 5 said before 6265bis.
   */
  public static CookiePolicy rfc6265() {
    return builder().acceptNamelessCookies(false).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.blockedDomains.addAll(blockedDomains);
    b.allowedDomains = allowedDomains == null ? null : new TreeSet<>(allowedDomains);
    b.rejectPublicSuffixes = rejectPublicSuffixes;
    b.rejectSingleLabelDomains = rejectSingleLabelDomains;
    b.acceptNamelessCookies = acceptNamelessCookies;
    b.secureOnlyFromSecureOrigins = secureOnlyFromSecureOrigins;
    b.enforcePrefixes = enforcePrefixes;
    b.sameSiteNoneRequiresSecure = sameSiteNoneRequiresSecure;
    b.laxByDefault = laxByDefault;
    b.loopbackIsSecure = loopbackIsSecure;
    b.secureSchemes.clear();
    b.secureSchemes.addAll(secureSchemes);
    b.publicSuffixList = publicSuffixList;
    return b;
  }

  /**
   * Whether cookies for this domain (a host or a cookie's domain) may be stored and sent: not
   * blocked, and allowed when an allow-list is set. A listed domain covers its subdomains.
   */
  public boolean isDomainPermitted(String domain) {
    if (coveredBy(domain, blockedDomains)) return false;
    return allowedDomains == null || coveredBy(domain, allowedDomains);
  }

  private static boolean coveredBy(String domain, Set<String> list) {
    if (list.isEmpty()) return false;
    if (list.contains(domain)) return true;
    if (CookieMatching.isIpAddress(domain)) return false;
    for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
      if (list.contains(domain.substring(dot + 1))) return true;
    }
    return false;
  }

  public Set<String> blockedDomains() {
    return blockedDomains;
  }

  /** The allow-list; empty when every domain not blocked is allowed. */
  public Optional<Set<String>> allowedDomains() {
    return Optional.ofNullable(allowedDomains);
  }

  public boolean rejectPublicSuffixes() {
    return rejectPublicSuffixes;
  }

  public boolean rejectSingleLabelDomains() {
    return rejectSingleLabelDomains;
  }

  public boolean acceptNamelessCookies() {
    return acceptNamelessCookies;
  }

  public boolean secureOnlyFromSecureOrigins() {
    return secureOnlyFromSecureOrigins;
  }

  public boolean enforcePrefixes() {
    return enforcePrefixes;
  }

  public boolean sameSiteNoneRequiresSecure() {
    return sameSiteNoneRequiresSecure;
  }

  public boolean laxByDefault() {
    return laxByDefault;
  }

  public boolean loopbackIsSecure() {
    return loopbackIsSecure;
  }

  /**
   * Whether a request to this URL is "secure" for cookies: a secure scheme, or (with {@link
   * #loopbackIsSecure()}) plain http to localhost or a loopback address.
   */
  boolean isSecure(RequestUrl target) {
    if (secureSchemes.contains(target.scheme())) return true;
    if (!loopbackIsSecure) return false;
    String h = target.host();
    return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1")
        || (h.startsWith("127.") && CookieMatching.isIpAddress(h));
  }

  /** Schemes whose requests count as secure for {@code Secure} cookies ({@code https}, {@code wss}). */
  public Set<String> secureSchemes() {
    return secureSchemes;
  }

  public PublicSuffixList publicSuffixList() {
    // The bundled list is read (about 10,000 rules) when a cookie first needs it, not when a
    // session is made: a call without a Domain cookie never pays for it.
    return publicSuffixList != null ? publicSuffixList : PublicSuffixList.bundled();
  }

  /** Builds a {@link CookiePolicy}; starts from the RFC 6265bis defaults. */
  public static final class Builder {
    private final Set<String> blockedDomains = new TreeSet<>();
    private Set<String> allowedDomains;
    private boolean rejectPublicSuffixes = true;
    private boolean rejectSingleLabelDomains = false;
    private boolean acceptNamelessCookies = true;
    private boolean secureOnlyFromSecureOrigins = true;
    private boolean enforcePrefixes = true;
    private boolean sameSiteNoneRequiresSecure = true;
    private boolean laxByDefault = false;
    private boolean loopbackIsSecure = true;
    private final Set<String> secureSchemes = new TreeSet<>(Set.of("https", "wss"));
    private PublicSuffixList publicSuffixList;

    private Builder() {}

    private static String domainKey(String domain) {
      String d = domain.startsWith(".") ? domain.substring(1) : domain;
      if (d.isEmpty()) throw new IllegalArgumentException("empty domain");
      return PublicSuffixList.toAscii(d);
    }

    /** Refuse and never send cookies for this domain and its subdomains. */
    public Builder blockDomain(String domain) {
      blockedDomains.add(domainKey(domain));
      return this;
    }

    /** Accept and send cookies only for allowed domains (and their subdomains). */
    public Builder allowDomain(String domain) {
      if (allowedDomains == null) allowedDomains = new TreeSet<>();
      allowedDomains.add(domainKey(domain));
      return this;
    }

    /** Refuse a {@code Domain} attribute that is a public suffix (RFC 6265bis 5.7 step 9). Default true. */
    public Builder rejectPublicSuffixes(boolean value) {
      this.rejectPublicSuffixes = value;
      return this;
    }

    /** Refuse a {@code Domain} attribute without an embedded dot (Python's rule). Default false. */
    public Builder rejectSingleLabelDomains(boolean value) {
      this.rejectSingleLabelDomains = value;
      return this;
    }

    /** Keep cookies with an empty name (RFC 6265bis 5.6 step 3). Default true. */
    public Builder acceptNamelessCookies(boolean value) {
      this.acceptNamelessCookies = value;
      return this;
    }

    /**
     * Refuse {@code Secure} cookies from insecure origins and keep insecure origins from shadowing
     * Secure cookies (RFC 6265bis 5.7 steps 13 and 16). Default true.
     */
    public Builder secureOnlyFromSecureOrigins(boolean value) {
      this.secureOnlyFromSecureOrigins = value;
      return this;
    }

    /** Enforce the {@code __Secure-} and {@code __Host-} prefixes (RFC 6265bis 5.7 steps 20-21). Default true. */
    public Builder enforcePrefixes(boolean value) {
      this.enforcePrefixes = value;
      return this;
    }

    /** Refuse {@code SameSite=None} without {@code Secure} (RFC 6265bis 5.7 step 19). Default true. */
    public Builder sameSiteNoneRequiresSecure(boolean value) {
      this.sameSiteNoneRequiresSecure = value;
      return this;
    }

    /**
     * Treat cookies without {@code SameSite} as {@code Lax} in cross-site contexts, as Chrome does
     * ("Lax by default"). Default false: RFC 6265bis leaves "Default" to the user agent and a
     * non-browser client has no reason to restrict it.
     */
    public Builder laxByDefault(boolean value) {
      this.laxByDefault = value;
      return this;
    }

    /**
     * Treat http to {@code localhost}, {@code *.localhost}, 127.0.0.0/8 and {@code ::1} as a secure
     * origin, so {@code Secure} cookies of a local development server work, as in Chrome and Firefox
     * (a "potentially trustworthy" origin, W3C Secure Contexts section 3.1). Default true.
     */
    public Builder loopbackIsSecure(boolean value) {
      this.loopbackIsSecure = value;
      return this;
    }

    /** Add a scheme whose requests are secure, e.g. a custom tunnel. */
    public Builder secureScheme(String scheme) {
      secureSchemes.add(scheme.toLowerCase(Locale.ROOT));
      return this;
    }

    /** Use another list than the bundled one (a fresher download, or a test list). */
    public Builder publicSuffixList(PublicSuffixList list) {
      this.publicSuffixList = Objects.requireNonNull(list, "list");
      return this;
    }

    public CookiePolicy build() {
      return new CookiePolicy(this);
    }
  }
}
