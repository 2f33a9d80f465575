package dev.courier.net;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The client {@link SSLContext} of one trust-and-identity configuration, built on first use and
 * then shared by every {@link TlsSettings} with that configuration: the settings of any number of
 * sessions, the copies a session makes with its own ALPN offer, and settings built apart with the
 * same anchors and identity. One context means one client session cache, so a new connection to a
 * server that was met before resumes its TLS session (RFC 8446, Section 2.2) instead of repeating
 * the certificate exchange, whichever session opens it; the JDK's own client shares {@code
 * SSLContext.getDefault()} the same way.
 *
 * <p>Only what the context is built from decides the sharing: the trust anchors, whether the
 * system's are trusted too, trust-all and the client identity. What varies per connection
 * (protocol versions, ALPN, the host-name check, pins) is applied to each connection: the host
 * name and the pins are checked after every handshake, on a resumed session's chain too, so a
 * session made without the host-name check cannot let a connection that checks skip it.
 * The contexts of the {@link #RECENT} configurations met last are kept; the system trust store's
 * always. A configuration with a client identity is not kept: the cache would hold its private key
 * after the settings were gone, so such settings share only with those derived from them.
 */
final class SharedSslContext {
  /** How many configurations besides the system trust store keep their context for the next settings. */
  static final int RECENT = 32;

  /** What a context is built from. */
  record Configuration(List<X509Certificate> anchors, boolean alsoTrustSystem, boolean trustAll, TlsIdentity identity) {
    static final Configuration SYSTEM_TRUST = new Configuration(List.of(), false, false, null);

    // Written out, as Route's are: a record's generated equals and hashCode are linked through
    // ObjectMethods' method handles on first use, tens of milliseconds of a command's start-up.
    @Override
    public boolean equals(Object o) {
      return o instanceof Configuration other && anchors.equals(other.anchors)
          && alsoTrustSystem == other.alsoTrustSystem && trustAll == other.trustAll
          && Objects.equals(identity, other.identity);
    }

    @Override
    public int hashCode() {
      int hash = anchors.hashCode();
      hash = 31 * hash + Boolean.hashCode(alsoTrustSystem);
      hash = 31 * hash + Boolean.hashCode(trustAll);
      return 31 * hash + Objects.hashCode(identity);
    }
  }

  private static final SharedSslContext SYSTEM_TRUST = new SharedSslContext();
  private static final ReentrantLock RECENT_LOCK = new ReentrantLock();
  private static final Map<Configuration, SharedSslContext> RECENTLY_USED =
      new LinkedHashMap<>(16, 0.75f, true) { // access order: the eldest is the least recently used
        @Override
        protected boolean removeEldestEntry(Map.Entry<Configuration, SharedSslContext> eldest) {
          return size() > RECENT;
        }
      };

  private final ReentrantLock building = new ReentrantLock(); // not synchronized: callers may be virtual threads
  private volatile SSLContext context;

  private SharedSslContext() {}

  /** The context of {@code configuration}: the one already made for it, else a new one. */
  static SharedSslContext of(Configuration configuration) {
    if (configuration.equals(Configuration.SYSTEM_TRUST)) return SYSTEM_TRUST;
    if (configuration.identity() != null) return new SharedSslContext();
    RECENT_LOCK.lock();
    try {
      return RECENTLY_USED.computeIfAbsent(configuration, c -> new SharedSslContext());
    } finally {
      RECENT_LOCK.unlock();
    }
  }

  /** The context, built by {@code build} on the first call (once, whichever thread gets there first). */
  SSLContext get(Supplier<SSLContext> build) {
    SSLContext result = context;
    if (result != null) return result;
    building.lock();
    try {
      result = context;
      if (result == null) {
        result = build.get();
        context = result;
      }
      return result;
    } finally {
      building.unlock();
    }
  }
}
