package dev.courier.client;

import dev.courier.http.Url;
import dev.courier.net.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a server: directly, through an HTTP proxy (absolute-form requests for
 * {@code http}, a CONNECT tunnel for {@code https}; RFC 9110 Section 9.3.6), or through SOCKS5
 * (RFC 1928, with RFC 1929 user/password authentication).
 *
 * <pre>{@code
 * Proxy corporate = Proxy.parse("http://alice:s3cret@proxy.corp.example:3128");
 * Proxy tor = Proxy.parse("socks5h://127.0.0.1:9050");     // the proxy resolves names
 * Proxy none = Proxy.direct();
 * }</pre>
 */
public final class Proxy {
  /** The SOCKS port (RFC 1928 Section 3). */
  public static final int DEFAULT_SOCKS_PORT = 1080;

  /** The kind of proxy. */
  public enum Type {
    /** No proxy. */
    DIRECT,
    /** An HTTP proxy, reached in clear text or over TLS ({@link #isSecure()}). */
    HTTP,
    /** A SOCKS5 proxy. */
    SOCKS5
  }

  private static final Proxy DIRECT = new Proxy(Type.DIRECT, "", 0, false, false, "", "");

  private final Type type;
  private final String host;
  private final int port;
  private final boolean secure;
  private final boolean remoteDns;
  private final String username;
  private final String password;
  private final int hash; // computed once: routes, and so pool lookups, hash the proxy on every request

  private Proxy(Type type, String host, int port, boolean secure, boolean remoteDns,
      String username, String password) {
    this.type = type;
    this.host = host;
    this.port = port;
    this.secure = secure;
    this.remoteDns = remoteDns;
    this.username = username;
    this.password = password;
    this.hash = Objects.hash(type, host, port, secure, remoteDns, username, password);
    if (type != Type.DIRECT) {
      Endpoint.tcp(host, port); // validates
    }
  }

  /** No proxy. */
  public static Proxy direct() {
    return DIRECT;
  }

  /** An HTTP proxy spoken to in clear text. */
  public static Proxy http(String host, int port) {
    return new Proxy(Type.HTTP, host, port, false, true, "", "");
  }

  /** An HTTP proxy spoken to over TLS (curl's {@code https://} proxies). */
  public static Proxy https(String host, int port) {
    return new Proxy(Type.HTTP, host, port, true, true, "", "");
  }

  /** A SOCKS5 proxy that resolves host names itself ({@code socks5h}: no DNS leak). */
  public static Proxy socks5(String host, int port) {
    return new Proxy(Type.SOCKS5, host, port, false, true, "", "");
  }

  /**
   * A proxy from a URL: {@code http://}, {@code https://}, {@code socks5://} (names resolved
   * locally, as curl does), {@code socks5h://} (resolved by the proxy). A URL without a scheme
   * means {@code http://}, as curl and requests read {@code HTTP_PROXY=proxy:3128}; a URL without a
   * port uses the scheme's (80, 443; 1080 for SOCKS), as requests does. User and
   * password in the URL become the proxy credentials.
   *
   * @throws IllegalArgumentException for other schemes (SOCKS4 is not supported) or bad URLs
   */
  public static Proxy parse(String url) {
    String text = url.strip();
    if (!text.contains("://")) {
      text = "http://" + text;
    }
    Url parsed = Url.parse(text);
    String scheme = parsed.scheme().toLowerCase(Locale.ROOT);
    int port = parsed.port();
    Proxy proxy = switch (scheme) {
      case "http" -> new Proxy(Type.HTTP, parsed.host(), port, false, true, "", "");
      case "https" -> new Proxy(Type.HTTP, parsed.host(), port, true, true, "", "");
      case "socks5", "socks5h" -> new Proxy(Type.SOCKS5, parsed.host(),
          port > 0 ? port : DEFAULT_SOCKS_PORT, false, scheme.equals("socks5h"), "", "");
      default -> throw new IllegalArgumentException(
          "unsupported proxy scheme '" + scheme + "' (http, https, socks5, socks5h)");
    };
    return parsed.username().isEmpty() ? proxy
        : proxy.withCredentials(parsed.username(), parsed.password());
  }

  /** A copy that authenticates with these credentials (Basic for HTTP, RFC 1929 for SOCKS5). */
  public Proxy withCredentials(String username, String password) {
    if (type == Type.DIRECT) {
      throw new IllegalStateException("a direct route has no proxy to authenticate to");
    }
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    return new Proxy(type, host, port, secure, remoteDns, username, password);
  }

  /** A SOCKS5 copy that resolves names locally and sends the proxy IP addresses. */
  public Proxy withLocalDns() {
    return new Proxy(type, host, port, secure, false, username, password);
  }

  public Type type() {
    return type;
  }

  /** Whether this is {@link #direct()}. */
  public boolean isDirect() {
    return type == Type.DIRECT;
  }

  /** The proxy's host; empty for direct. */
  public String host() {
    return host;
  }

  /** The proxy's port; 0 for direct. */
  public int port() {
    return port;
  }

  /** Whether the connection to the proxy itself is TLS. */
  public boolean isSecure() {
    return secure;
  }

  /** Whether the proxy resolves target host names (SOCKS5h; always for HTTP proxies). */
  public boolean resolvesRemotely() {
    return remoteDns;
  }

  /** The user name, when credentials were given. */
  public Optional<String> username() {
    return username.isEmpty() ? Optional.empty() : Optional.of(username);
  }

  /** The password (empty when none was given). */
  public String password() {
    return password;
  }

  /** Where to connect to reach the proxy. */
  public Endpoint endpoint() {
    if (type == Type.DIRECT) {
      throw new IllegalStateException("a direct route has no proxy endpoint");
    }
    return Endpoint.tcp(host, port);
  }

  /** The {@code Proxy-Authorization} value (Basic, RFC 7617) when credentials were given. */
  public Optional<String> basicAuthorization() {
    if (username.isEmpty() || type != Type.HTTP) {
      return Optional.empty();
    }
    byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Proxy that && type == that.type && host.equals(that.host)
        && port == that.port && secure == that.secure && remoteDns == that.remoteDns
        && username.equals(that.username) && password.equals(that.password);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The proxy as a URL, its user-info hidden as {@link Url#MASK} (as {@link Url#redacted()} does). */
  @Override
  public String toString() {
    if (type == Type.DIRECT) {
      return "DIRECT";
    }
    String scheme = type == Type.SOCKS5 ? (remoteDns ? "socks5h" : "socks5") : secure ? "https" : "http";
    String user = username.isEmpty() && password.isEmpty() ? "" : Url.MASK + "@";
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return scheme + "://" + user + h + ":" + port;
  }
}
