package dev.courier.cookies;

import dev.courier.http.FieldSyntax;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored cookie: the record of RFC 6265bis section 5.7 (name, value, domain, host-only flag,
 * path, expiry, Secure, HttpOnly, SameSite, creation time). Immutable and safe to share.
 *
 * <pre>{@code
 * Cookie c = Cookie.builder("sid", "31d4").domain("example.com").hostOnly(false)
 *     .path("/").secure(true).expires(Instant.parse("2030-01-01T00:00:00Z")).build();
 * c.matches("www.example.com", "/account", true);   // true
 * jar.add(c);
 * }</pre>
 *
 * <p>The domain is kept lower-case without a leading dot; {@link #hostOnly()} says whether the
 * cookie goes to that exact host only or to its subdomains too. A cookie without an expiry is a
 * session cookie ({@link #persistent()} is false).
 */
public final class Cookie {
  private final String name;
  private final String value;
  private final String domain;
  private final boolean hostOnly;
  private final String path;
  private final Instant expires;
  private final boolean secure;
  private final boolean httpOnly;
  private final SameSite sameSite;
  private final boolean partitioned;
  private final Instant creationTime;

  private Cookie(Builder b) {
    this.name = b.name;
    this.value = b.value;
    this.domain = b.domain;
    this.hostOnly = b.hostOnly;
    this.path = b.path;
    this.expires = b.expires;
    this.secure = b.secure;
    this.httpOnly = b.httpOnly;
    this.sameSite = b.sameSite;
    this.partitioned = b.partitioned;
    this.creationTime = b.creationTime;
  }

  /**
   * Starts a cookie. The name may be empty (a nameless cookie, RFC 6265bis) but then the value must
   * not be. Neither may hold a control character or {@code ;}, and the name no {@code =}, so that a
   * {@code Cookie} header built from it cannot be split or injected.
   */
  public static Builder builder(String name, String value) {
    return new Builder(name, value);
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** The domain, lower-case, without a leading dot ({@code example.com}). */
  public String domain() {
    return domain;
  }

  /** True when the cookie is sent only to exactly {@link #domain()}, not to its subdomains. */
  public boolean hostOnly() {
    return hostOnly;
  }

  public String path() {
    return path;
  }

  /** The expiry; empty for a session cookie. */
  public Optional<Instant> expires() {
    return Optional.ofNullable(expires);
  }

  /** Whether the cookie outlives the session (it has an expiry). */
  public boolean persistent() {
    return expires != null;
  }

  public boolean secure() {
    return secure;
  }

  public boolean httpOnly() {
    return httpOnly;
  }

  public SameSite sameSite() {
    return sameSite;
  }

  public boolean partitioned() {
    return partitioned;
  }

  public Instant creationTime() {
    return creationTime;
  }

  /** True when the expiry is at or before {@code now} (session cookies never expire by time). */
  public boolean isExpired(Instant now) {
    return expires != null && !expires.isAfter(now);
  }

  /**
   * Whether this cookie belongs in a request to {@code host} and {@code path} (RFC 6265bis section
   * 5.8.3 step 1, without the SameSite and expiry checks). The host must be canonical: lower-case,
   * A-labels, IPv6 without brackets.
   */
  public boolean matches(String host, String requestPath, boolean secureChannel) {
    if (secure && !secureChannel) return false;
    if (hostOnly ? !host.equals(domain) : !CookieMatching.domainMatches(host, domain)) return false;
    return CookieMatching.pathMatches(requestPath, path);
  }

  /** A builder holding every field of this cookie. */
  public Builder toBuilder() {
    Builder b = new Builder(name, value);
    b.domain = domain;
    b.hostOnly = hostOnly;
    b.path = path;
    b.expires = expires;
    b.secure = secure;
    b.httpOnly = httpOnly;
    b.sameSite = sameSite;
    b.partitioned = partitioned;
    b.creationTime = creationTime;
    return b;
  }

  /** Identity in the store (RFC 6265bis section 5.7 step 23): name, domain, host-only flag, path. */
  boolean sameIdentity(Cookie other) {
    return name.equals(other.name)
        && domain.equals(other.domain)
        && hostOnly == other.hostOnly
        && path.equals(other.path);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cookie c
        && name.equals(c.name)
        && value.equals(c.value)
        && domain.equals(c.domain)
        && hostOnly == c.hostOnly
        && path.equals(c.path)
        && Objects.equals(expires, c.expires)
        && secure == c.secure
        && httpOnly == c.httpOnly
        && sameSite == c.sameSite
        && partitioned == c.partitioned
        && creationTime.equals(c.creationTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value, domain, hostOnly, path, expires, secure, httpOnly, sameSite);
  }

  /** A readable form for logs: {@code sid=31d4 (.example.com/ secure httpOnly expires=...)}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    out.append(name).append('=').append(value).append(" (");
    out.append(hostOnly ? "" : ".").append(domain).append(path);
    if (secure) out.append(" secure");
    if (httpOnly) out.append(" httpOnly");
    if (sameSite != SameSite.DEFAULT) out.append(" sameSite=").append(sameSite.attributeValue());
    if (partitioned) out.append(" partitioned");
    out.append(expires == null ? " session" : " expires=" + expires).append(')');
    return out.toString();
  }

  /** Builds a {@link Cookie}; defaults: host-only, path "/", session, created at the epoch. */
  public static final class Builder {
    private final String name;
    private final String value;
    private String domain;
    private boolean hostOnly = true;
    private String path = "/";
    private Instant expires;
    private boolean secure;
    private boolean httpOnly;
    private SameSite sameSite = SameSite.DEFAULT;
    private boolean partitioned;
    private Instant creationTime = Instant.EPOCH;

    private Builder(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      check("cookie name", name, true);
      check("cookie value", value, false);
      if (name.isEmpty() && value.isEmpty()) {
        throw new IllegalArgumentException("cookie name and value are both empty");
      }
      this.name = name;
      this.value = value;
    }

    private static void check(String what, String s, boolean isName) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (CookieChars.isForbiddenControl(c) || c == ';' || (isName && c == '=')) {
          throw new IllegalArgumentException(
              "unexpected char " + FieldSyntax.describe(c) + " at " + i + " in " + what);
        }
      }
      if (!s.equals(CookieChars.trimWsp(s, 0, s.length()))) {
        throw new IllegalArgumentException(what + " has leading or trailing whitespace");
      }
    }

    /** The domain (required); a leading dot is dropped, case is folded. */
    public Builder domain(String domain) {
      String d = domain.startsWith(".") ? domain.substring(1) : domain;
      if (d.isEmpty()) throw new IllegalArgumentException("cookie domain is empty");
      if (d.startsWith(".")) throw new IllegalArgumentException("cookie domain starts with '..'");
      for (int i = 0; i < d.length(); i++) {
        char c = d.charAt(i);
        if (c <= 0x20 || c == 0x7F || c == ';' || c == '\t' || c == '/') {
          throw new IllegalArgumentException(
              "unexpected char " + FieldSyntax.describe(c) + " at " + i + " in cookie domain");
        }
      }
      this.domain = d.toLowerCase(Locale.ROOT);
      return this;
    }

    public Builder hostOnly(boolean hostOnly) {
      this.hostOnly = hostOnly;
      return this;
    }

    /** The path: must start with "/" and hold no {@code ;} or control character but HTAB. */
    public Builder path(String path) {
      if (!path.startsWith("/")) throw new IllegalArgumentException("cookie path must start with '/'");
      for (int i = 0; i < path.length(); i++) {
        char c = path.charAt(i);
        if (CookieChars.isForbiddenControl(c) || c == ';') {
          throw new IllegalArgumentException(
              "unexpected char " + FieldSyntax.describe(c) + " at " + i + " in cookie path");
        }
      }
      this.path = path;
      return this;
    }

    /** The expiry instant; {@code null} makes a session cookie. */
    public Builder expires(Instant expires) {
      this.expires = expires;
      return this;
    }

    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    public Builder httpOnly(boolean httpOnly) {
      this.httpOnly = httpOnly;
      return this;
    }

    public Builder sameSite(SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    public Builder partitioned(boolean partitioned) {
      this.partitioned = partitioned;
      return this;
    }

    public Builder creationTime(Instant creationTime) {
      this.creationTime = Objects.requireNonNull(creationTime, "creationTime");
      return this;
    }

    public Cookie build() {
      if (domain == null) throw new IllegalStateException("cookie domain is not set");
      return new Cookie(this);
    }
  }
}
