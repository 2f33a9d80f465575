package dev.courier;

import dev.courier.client.NoProxy;
import dev.courier.client.Proxy;
import dev.courier.client.ProxyRules;
import dev.courier.net.Dns;
import dev.courier.net.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link Adapter} that goes over the network: its own connection pool, TLS settings and
 * proxies, or a Unix-domain socket every request goes to (as requests' {@code HTTPAdapter}).
 * A session's default adapter is one built from the session builder's TLS, proxy and pool
 * settings; mount others for the URLs that need their own.
 *
 * <pre>{@code
 * try (Session s = Session.builder()
 *     .mount("https://internal.corp/", NetworkAdapter.builder()
 *         .tls(TlsSettings.builder().trustedCertificates(Path.of("corp-ca.pem")).build())
 *         .maxConnectionsPerRoute(50)
 *         .retry(Retry.defaults())
 *         .build())
 *     .mount("http://docker/", NetworkAdapter.builder().unixSocket(Path.of("/var/run/docker.sock")).build())
 *     .build()) {
 *   s.get("http://docker/info");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes its pooled connections; a session closes its adapters.
 */
public final class NetworkAdapter implements Adapter {
  private final Exchanger exchanger;
  private final Retry retry; // null: the session's

  NetworkAdapter(Exchanger exchanger, Retry retry) {
    this.exchanger = exchanger;
    this.retry = retry;
  }

  /** A builder with the defaults: the JDK trust store, no proxy, 10 connections per route. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Response send(Request request, Exchange exchange) {
    return exchange.response(request,
        exchanger.exchange(request, exchange.timeouts(), exchange.watchdog(), exchange.resendAllowed(),
            exchange.listener()));
  }

  /** The retry policy for requests this adapter answers, when set; else the session's applies. */
  public Optional<Retry> retry() {
    return Optional.ofNullable(retry);
  }

  /** Closes the pooled connections no call is using; new calls open new ones. */
  void evictIdleConnections() {
    exchanger.evictIdleConnections();
  }

  /** Closes the pooled connections. */
  @Override
  public void close() {
    exchanger.close();
  }

  @Override
  public String toString() {
    return "NetworkAdapter[" + exchanger + "]";
  }

  /** Builds a {@link NetworkAdapter}; not thread-safe. */
  public static final class Builder {
    final ClientExchanger.Settings settings = new ClientExchanger.Settings();
    private Retry retry;

    private Builder() {}

    /** TLS settings: trust, client certificate, protocols (default: the JDK trust store, TLS 1.2+). */
    public Builder tls(TlsSettings tls) {
      settings.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** One proxy for every request ({@code http://}, {@code https://} or {@code socks5://}). */
    public Builder proxy(Proxy proxy) {
      settings.proxies = ProxyRules.of(Objects.requireNonNull(proxy, "proxy"), NoProxy.none());
      return this;
    }

    /** Proxy rules (per scheme, with exclusions). */
    public Builder proxies(ProxyRules rules) {
      settings.proxies = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /**
     * Every connection goes to this Unix-domain socket file (the URL's host and port still fill
     * {@code Host}); no proxy is used. Plain {@code http} only: an {@code https} URL fails with a
     * {@code ConnectFailedException} (TLS over a Unix socket is not supported).
     */
    public Builder unixSocket(Path socketFile) {
      settings.unixSocket = Objects.requireNonNull(socketFile, "socketFile");
      return this;
    }

    /** Most connections per route (scheme, host, port, proxy, TLS); default 10. */
    public Builder maxConnectionsPerRoute(int n) {
      if (n < 1) throw new IllegalArgumentException("need at least one connection per route, not " + n);
      settings.maxConnectionsPerRoute = n;
      return this;
    }

    /** Most connections in this adapter's pool; default 100. */
    public Builder maxConnectionsTotal(int n) {
      if (n < 1) throw new IllegalArgumentException("need at least one connection, not " + n);
      settings.maxConnectionsTotal = n;
      return this;
    }

    /** How long an idle pooled connection is kept; default 30 s. */
    public Builder idleTimeout(Duration idle) {
      Objects.requireNonNull(idle, "idle");
      if (idle.isNegative()) throw new IllegalArgumentException("negative idle timeout: " + idle);
      settings.idleTimeout = idle;
      return this;
    }

    /**
     * The retry policy for requests whose URL this adapter is mounted for (requests' {@code
     * HTTPAdapter(max_retries=...)}): it replaces the session's, and a request's own still wins.
     * Chosen by the URL a call starts with.
     */
    public Builder retry(Retry retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** The resolver for host names (default: the system's); several addresses are raced (Happy Eyeballs, RFC 8305). */
    public Builder dns(Dns resolver) {
      settings.dns = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Which HTTP versions to speak (default {@link HttpVersionPolicy#HTTP_2_PREFERRED}), as {@link Session.Builder#httpVersionPolicy}. */
    public Builder httpVersionPolicy(HttpVersionPolicy policy) {
      settings.httpVersionPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Logs each exchange's heads (credentials and cookies hidden) to the {@code dev.courier.client} logger. */
    public Builder debug(boolean on) {
      settings.debug = on;
      return this;
    }

    /** The adapter, with a new, empty connection pool. */
    public NetworkAdapter build() {
      return new NetworkAdapter(settings.build(), retry);
    }
  }
}
