package dev.courier.net;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How a client speaks TLS: whom to trust, which client certificate to present, protocol versions
 * and ALPN. Immutable; equal settings produce interchangeable connections, so the connection pool
 * keys routes by them (a connection made with verification off is never handed to a caller that
 * wants verification on).
 *
 * <p>Defaults: the JDK trust store, hostname verification (RFC 9525, by Courier after the
 * handshake: see {@link HostnameMatcher}), TLS 1.3 and 1.2 only, SNI, ALPN offering
 * {@code http/1.1}.
 *
 * <p>Settings with the same trust and client identity share one {@link SSLContext}, built on first
 * use, and so one TLS session cache: a new connection to a server met before, from any session
 * using such settings (built apart or derived; with a client identity, derived), resumes its TLS
 * session (see {@link SharedSslContext}).
 *
 * <pre>{@code
 * TlsSettings corporate = TlsSettings.builder()
 *     .trustedCertificates(Pem.readCertificates(Path.of("corp-ca.pem")))
 *     .clientIdentity(TlsIdentity.fromPem(Path.of("me.crt"), Path.of("me.key")))
 *     .build();
 * Connection tls = corporate.handshake(plain, "api.corp.example", 443, Duration.ofSeconds(10));
 * }</pre>
 */
public final class TlsSettings {
  private static final System.Logger LOG = System.getLogger(TlsSettings.class.getName());

  /** TLS 1.2 is the floor: RFC 8996 deprecates 1.0 and 1.1. */
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** ALPN offer (RFC 7301); {@code h2} joins when HTTP/2 is implemented. */
  public static final List<String> DEFAULT_APPLICATION_PROTOCOLS = List.of("http/1.1");

  private static final TlsSettings DEFAULTS = builder().build();

  private final List<X509Certificate> trustedCertificates;
  private final boolean alsoTrustSystem;
  private final boolean insecureTrustAll;
  private final boolean verifyHostname;
  private final TlsIdentity clientIdentity;
  private final List<String> protocols;
  private final List<String> applicationProtocols;
  private final SSLContext customContext;
  private final CertificatePins pins;
  private final SharedSslContext sharedContext;
  private int hash; // 0 until hashCode() first runs
  private volatile List<X509Certificate> anchors; // for pinning: made on the first pinned handshake

  private TlsSettings(Builder builder) {
    this.trustedCertificates = List.copyOf(builder.trustedCertificates);
    this.alsoTrustSystem = builder.alsoTrustSystem;
    this.insecureTrustAll = builder.insecureTrustAll;
    this.verifyHostname = builder.verifyHostname && !builder.insecureTrustAll;
    this.clientIdentity = builder.clientIdentity;
    this.protocols = List.copyOf(builder.protocols);
    this.applicationProtocols = List.copyOf(builder.applicationProtocols);
    this.customContext = builder.customContext;
    this.pins = builder.pins;
    this.sharedContext = builder.sharedContext != null ? builder.sharedContext
        : customContext != null ? null : SharedSslContext.of(contextConfiguration());
  }

  /** What {@link #buildContext} builds from, each choice as it weighs there. */
  private SharedSslContext.Configuration contextConfiguration() {
    if (insecureTrustAll) return new SharedSslContext.Configuration(List.of(), false, true, clientIdentity);
    return new SharedSslContext.Configuration(trustedCertificates, alsoTrustSystem && !trustedCertificates.isEmpty(),
        false, clientIdentity);
  }

  /** Verification on, the JDK trust store, TLS 1.2+. */
  public static TlsSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder newBuilder() {
    Builder builder = new Builder();
    builder.trustedCertificates.addAll(trustedCertificates);
    builder.alsoTrustSystem = alsoTrustSystem;
    builder.insecureTrustAll = insecureTrustAll;
    builder.verifyHostname = verifyHostname;
    builder.clientIdentity = clientIdentity;
    builder.protocols = protocols;
    builder.applicationProtocols = applicationProtocols;
    builder.customContext = customContext;
    builder.pins = pins;
    builder.sharedContext = sharedContext;
    return builder;
  }

  /** Whether certificate verification is off (see {@link Builder#insecureTrustAll()}). */
  public boolean isInsecure() {
    return insecureTrustAll;
  }

  /** Whether the server's name is checked against its certificate. */
  public boolean verifiesHostname() {
    return verifyHostname;
  }

  /** The extra trust anchors; empty means the JDK trust store. */
  public List<X509Certificate> trustedCertificates() {
    return trustedCertificates;
  }

  /** The client certificate, if any. */
  public Optional<TlsIdentity> clientIdentity() {
    return Optional.ofNullable(clientIdentity);
  }

  /** Protocol versions enabled, e.g. {@code [TLSv1.3, TLSv1.2]}. */
  public List<String> protocols() {
    return protocols;
  }

  /** ALPN protocols offered, in preference order. */
  public List<String> applicationProtocols() {
    return applicationProtocols;
  }

  /** The certificate pins checked after each handshake ({@link CertificatePins#none()} by default). */
  public CertificatePins pins() {
    return pins;
  }

  /**
   * The SSL context these settings describe: the custom one, else the one shared with every
   * settings of the same trust and client identity (built once, on first use).
   */
  public SSLContext sslContext() {
    return customContext != null ? customContext : sharedContext.get(this::buildContext);
  }

  private SSLContext buildContext() {
    try {
      TrustManager[] trust;
      if (insecureTrustAll) {
        LOG.log(System.Logger.Level.WARNING, "TLS certificate verification is DISABLED for one "
            + "TlsSettings (insecureTrustAll): any server can impersonate any host on those "
            + "connections. Never use this in production.");
        trust = new TrustManager[] {TrustAllManager.INSTANCE};
      } else if (trustedCertificates.isEmpty()) {
        trust = null; // the JDK default
      } else {
        trust = trustManagers(trustedCertificates, alsoTrustSystem);
      }
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(clientIdentity == null ? null : clientIdentity.keyManagers(), trust, null);
      return ssl;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the TLS context: " + e.getMessage(), e);
    }
  }

  static TrustManager[] trustManagers(List<X509Certificate> anchors, boolean withSystem)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (X509Certificate certificate : anchors) {
      store.setCertificateEntry("anchor-" + i++, certificate);
    }
    if (withSystem) {
      TrustManagerFactory system =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      system.init((KeyStore) null);
      for (TrustManager manager : system.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          for (X509Certificate certificate : x509.getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + i++, certificate);
          }
        }
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  /**
   * Runs a TLS client handshake over a plain TCP connection (directly connected, or a proxy
   * tunnel) and returns the encrypted connection. The plain connection belongs to the result:
   * closing one closes both.
   *
   * @param host the name the certificate must match and the SNI name; an IP literal is matched
   *     against iPAddress SANs and sends no SNI (RFC 6066 Section 3)
   * @param handshakeTimeout the longest the handshake may take (zero: the read timeout)
   * @throws javax.net.ssl.SSLHandshakeException when the peer is not trusted; {@link
   *     HostnameMismatchException} when its certificate does not name {@code host}
   * @throws CertificatePinningException when the host is pinned and the verified chain has no pinned key
   * @throws java.net.SocketTimeoutException when the handshake stalls
   * @throws UnsupportedOperationException over a transport without a socket (Unix-domain)
   */
  public Connection handshake(Connection plain, String host, int port, Duration handshakeTimeout)
      throws IOException {
    Socket raw = plain.socket().orElseThrow(() -> new UnsupportedOperationException(
        "TLS over " + plain + " is not supported (no socket)"));
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    SSLSocket ssl = TlsContexts.socketOver(sslContext(), raw, name, port);
    try {
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setProtocols(supported(protocols, ssl.getSupportedProtocols()));
      parameters.setApplicationProtocols(applicationProtocols.toArray(new String[0]));
      if (!isIpLiteral(name)) {
        try {
          parameters.setServerNames(List.of(new SNIHostName(name.toLowerCase(Locale.ROOT))));
        } catch (IllegalArgumentException notAHostName) {
          // names SNI cannot carry (underscores...) are still verified; they just send no SNI
        }
      }
      ssl.setSSLParameters(parameters);
      Duration readTimeout = plain.readTimeout();
      ssl.setSoTimeout(ConnectOptions.millis(handshakeTimeout.isZero() ? readTimeout : handshakeTimeout));
      ssl.startHandshake();
      Certificate[] chain = verifyHostname || !pins.isEmpty() ? ssl.getSession().getPeerCertificates() : null;
      if (verifyHostname) {
        // After the handshake, on every connection, resumed or not (see HostnameMatcher for why
        // not the JDK's endpoint identification).
        if (!(chain[0] instanceof X509Certificate leaf)) {
          throw new HostnameMismatchException(name, List.of(), null);
        }
        HostnameMatcher.check(name, leaf);
      }
      if (!pins.isEmpty()) {
        // checked after the handshake, on the chain that vouches for the leaf (not as sent)
        pins.check(name, VerifiedChain.of(chain, trustAnchors()));
      }
      ssl.setSoTimeout(ConnectOptions.millis(readTimeout));
      return new SocketConnection(plain.endpoint(), ssl, raw, readTimeout);
    } catch (IOException | RuntimeException e) {
      SystemTransport.closeQuietly(ssl, e);
      throw e;
    }
  }

  /**
   * The anchors the chain was verified against: the custom ones (and the JDK's when asked), else
   * the JDK's; none for a custom context or trust-all (the chain as the server linked it then).
   */
  private List<X509Certificate> trustAnchors() throws IOException {
    List<X509Certificate> result = anchors;
    if (result != null) return result;
    if (customContext != null || insecureTrustAll) {
      result = List.of();
    } else {
      try {
        List<X509Certificate> all = new ArrayList<>(trustedCertificates);
        if (trustedCertificates.isEmpty() || alsoTrustSystem) {
          TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
          system.init((KeyStore) null);
          for (TrustManager manager : system.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) all.addAll(Arrays.asList(x509.getAcceptedIssuers()));
          }
        }
        result = List.copyOf(all);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot read the trust anchors for pinning: " + e.getMessage(), e);
      }
    }
    anchors = result;
    return result;
  }

  private static String[] supported(List<String> wanted, String[] available) {
    List<String> availableList = Arrays.asList(available);
    List<String> result = new ArrayList<>();
    for (String protocol : wanted) {
      if (availableList.contains(protocol)) {
        result.add(protocol);
      }
    }
    if (result.isEmpty()) {
      throw new IllegalStateException("none of " + wanted + " is supported by this JDK");
    }
    return result.toArray(new String[0]);
  }

  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TlsSettings that
        && trustedCertificates.equals(that.trustedCertificates)
        && alsoTrustSystem == that.alsoTrustSystem
        && insecureTrustAll == that.insecureTrustAll
        && verifyHostname == that.verifyHostname
        && Objects.equals(clientIdentity, that.clientIdentity)
        && protocols.equals(that.protocols)
        && applicationProtocols.equals(that.applicationProtocols)
        && customContext == that.customContext
        && pins.equals(that.pins);
  }

  @Override
  public int hashCode() {
    // Kept once made, as String keeps its hash: pools look routes up by it on every request, and
    // it hashes every trusted certificate. Immutable fields, so a race only computes it twice.
    int h = hash;
    if (h == 0) {
      h = Objects.hash(trustedCertificates, alsoTrustSystem, insecureTrustAll, verifyHostname,
          clientIdentity, protocols, applicationProtocols, System.identityHashCode(customContext), pins);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return "TlsSettings[" + (insecureTrustAll ? "INSECURE trust-all" : trustedCertificates.isEmpty()
        ? "system trust" : trustedCertificates.size() + " custom anchors"
            + (alsoTrustSystem ? " + system" : ""))
        + (verifyHostname ? "" : ", no hostname check")
        + (clientIdentity == null ? "" : ", client " + clientIdentity)
        + (customContext == null ? "" : ", custom SSLContext")
        + ", " + protocols + ", alpn " + applicationProtocols
        + (pins.isEmpty() ? "" : ", " + pins) + "]";
  }

  /** Builds {@link TlsSettings}. */
  public static final class Builder {
    private final List<X509Certificate> trustedCertificates = new ArrayList<>();
    private boolean alsoTrustSystem;
    private boolean insecureTrustAll;
    private boolean verifyHostname = true;
    private TlsIdentity clientIdentity;
    private List<String> protocols = DEFAULT_PROTOCOLS;
    private List<String> applicationProtocols = DEFAULT_APPLICATION_PROTOCOLS;
    private SSLContext customContext;
    private CertificatePins pins = CertificatePins.none();
    /** The context of the settings this builder started from, while trust and identity are theirs. */
    private SharedSslContext sharedContext;

    private Builder() {}

    /**
     * Pins {@code hostPattern} ({@code api.example.com}, {@code *.example.com} for one label,
     * {@code **.example.com} for any) to these public-key hashes ({@code sha256/BASE64}, as
     * OkHttp writes them): after the handshake, the verified chain must hold one of them, else
     * the connection fails with a {@link CertificatePinningException}. See {@link CertificatePins}.
     *
     * <pre>{@code
     * TlsSettings.builder().pin("api.example.com", "sha256/r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=").build();
     * }</pre>
     *
     * @throws IllegalArgumentException for a bad pattern or pin
     */
    public Builder pin(String hostPattern, String... sha256Pins) {
      pins = pins.with(hostPattern, List.of(sha256Pins));
      return this;
    }

    /** Replaces all pins with {@code certificatePins}. */
    public Builder pins(CertificatePins certificatePins) {
      pins = Objects.requireNonNull(certificatePins);
      return this;
    }

    /** Trust exactly these anchors instead of the JDK store (like requests' {@code verify=path}). */
    public Builder trustedCertificates(List<X509Certificate> anchors) {
      if (anchors.isEmpty()) {
        throw new IllegalArgumentException("no trust anchors given");
      }
      trustedCertificates.clear();
      trustedCertificates.addAll(anchors);
      sharedContext = null;
      return this;
    }

    /** Trust the certificates of a PEM CA bundle instead of the JDK store. */
    public Builder trustedCertificates(Path pemBundle) throws IOException {
      return trustedCertificates(Pem.readCertificates(pemBundle));
    }

    /** Also trust the JDK store next to the custom anchors (off by default). */
    public Builder alsoTrustSystemCertificates(boolean on) {
      alsoTrustSystem = on;
      sharedContext = null;
      return this;
    }

    /**
     * Accepts any certificate and any host name. Dangerous: logs a warning when the context is
     * built, and only affects connections made with these settings.
     */
    public Builder insecureTrustAll() {
      insecureTrustAll = true;
      sharedContext = null;
      return this;
    }

    /**
     * Turns host-name checking on (default) or off while still verifying the chain. The check
     * follows RFC 9525: DNS and IP subject alternative names only, a wildcard only as a whole
     * left-most label; a mismatch is a {@link HostnameMismatchException}.
     */
    public Builder verifyHostname(boolean on) {
      verifyHostname = on;
      return this;
    }

    /** Presents this client certificate when the server asks for one. */
    public Builder clientIdentity(TlsIdentity identity) {
      clientIdentity = Objects.requireNonNull(identity);
      sharedContext = null;
      return this;
    }

    /** Enabled protocol versions; anything below TLS 1.2 is refused (RFC 8996). */
    public Builder protocols(List<String> versions) {
      for (String version : versions) {
        if (!version.equals("TLSv1.3") && !version.equals("TLSv1.2")) {
          throw new IllegalArgumentException("unsupported TLS version (1.2 is the minimum): " + version);
        }
      }
      if (versions.isEmpty()) {
        throw new IllegalArgumentException("no TLS versions given");
      }
      protocols = List.copyOf(versions);
      return this;
    }

    /** ALPN protocols to offer, in preference order. */
    public Builder applicationProtocols(List<String> names) {
      applicationProtocols = List.copyOf(names);
      return this;
    }

    /**
     * Uses this context as is (trust and client keys come from it); protocol, ALPN and host-name
     * settings still apply. Settings with a custom context are equal only to the same instance.
     */
    public Builder sslContext(SSLContext context) {
      customContext = Objects.requireNonNull(context);
      sharedContext = null;
      return this;
    }

    /** The settings. */
    public TlsSettings build() {
      return new TlsSettings(this);
    }
  }
}
