package dev.courier.client;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses a {@link Proxy} per request, like Java's {@code ProxySelector} but from the
 * environment variables curl and Python requests read:
 *
 * <ul>
 *   <li>{@code http_proxy} for {@code http://} URLs, {@code https_proxy} for {@code https://},
 *       {@code all_proxy} for both when the specific one is unset; the lower-case name wins over
 *       the upper-case one, and an empty value counts as unset;
 *   <li>{@code HTTP_PROXY} (upper case) is ignored when {@code REQUEST_METHOD} is set, i.e. inside
 *       a CGI script where a client's {@code Proxy:} header would appear as that variable
 *       ("httpoxy", CVE-2016-5385), as Python does;
 *   <li>{@code no_proxy}/{@code NO_PROXY}: hosts that go direct, see {@link NoProxy}.
 * </ul>
 *
 * <p>The environment is passed in as a map, so tests never touch the real one.
 *
 * <pre>{@code
 * ProxyRules rules = ProxyRules.fromEnvironment(System.getenv());
 * Proxy proxy = rules.select("https", "api.example.com", 443);
 * }</pre>
 */
public final class ProxyRules {
  private static final ProxyRules DIRECT = new ProxyRules(null, null, NoProxy.none());

  private final Proxy http;
  private final Proxy https;
  private final NoProxy noProxy;

  private ProxyRules(Proxy http, Proxy https, NoProxy noProxy) {
    this.http = http;
    this.https = https;
    this.noProxy = noProxy;
  }

  /** Every request goes direct. */
  public static ProxyRules direct() {
    return DIRECT;
  }

  /** One proxy for every scheme, with hosts that bypass it. */
  public static ProxyRules of(Proxy proxy, NoProxy noProxy) {
    return new ProxyRules(proxy, proxy, noProxy);
  }

  /** A proxy per scheme (either may be {@link Proxy#direct()}), with hosts that bypass them. */
  public static ProxyRules of(Proxy httpProxy, Proxy httpsProxy, NoProxy noProxy) {
    return new ProxyRules(httpProxy, httpsProxy, noProxy);
  }

  /** The process environment ({@code System.getenv()}). */
  public static ProxyRules fromSystemEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Rules from environment variables in {@code env}.
   *
   * @throws IllegalArgumentException naming the variable when a proxy URL is invalid
   */
  public static ProxyRules fromEnvironment(Map<String, String> env) {
    boolean cgi = env.containsKey("REQUEST_METHOD");
    Optional<String> all = variable(env, "all_proxy", true);
    Proxy http = proxy(env, "http_proxy", !cgi).or(() -> all.map(v -> parse("all_proxy", v)))
        .orElse(null);
    Proxy https = proxy(env, "https_proxy", true).or(() -> all.map(v -> parse("all_proxy", v)))
        .orElse(null);
    NoProxy noProxy = variable(env, "no_proxy", true).map(NoProxy::parse).orElse(NoProxy.none());
    return new ProxyRules(http, https, noProxy);
  }

  private static Optional<Proxy> proxy(Map<String, String> env, String name, boolean upperOk) {
    return variable(env, name, upperOk).map(value -> parse(name, value));
  }

  private static Proxy parse(String name, String value) {
    try {
      return Proxy.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad proxy in " + name + ": " + e.getMessage(), e);
    }
  }

  private static Optional<String> variable(Map<String, String> env, String lower, boolean upperOk) {
    String value = env.get(lower);
    if ((value == null || value.isBlank()) && upperOk) {
      value = env.get(lower.toUpperCase(Locale.ROOT));
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /**
   * The proxy for a request to {@code scheme://host:port}; {@link Proxy#direct()} when none is set
   * or the host is in the bypass list.
   */
  public Proxy select(String scheme, String host, int port) {
    Objects.requireNonNull(host, "host");
    Proxy chosen = switch (scheme.toLowerCase(Locale.ROOT)) {
      case "http" -> http;
      case "https" -> https;
      default -> null;
    };
    if (chosen == null || chosen.isDirect() || noProxy.matches(host, port)) {
      return Proxy.direct();
    }
    return chosen;
  }

  /** The bypass list. */
  public NoProxy noProxy() {
    return noProxy;
  }

  @Override
  public String toString() {
    return "ProxyRules[http=" + (http == null ? "DIRECT" : http) + ", https="
        + (https == null ? "DIRECT" : https) + ", " + noProxy + "]";
  }
}
