package dev.courier.net;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The client {@link SSLContext} of one trust-and-identity configuration, built on first use and
 * then shared by every {@link TlsSettings} with that configuration: the settings of any number of
 * sessions, and the copies a session makes with its own ALPN offer. One context means one client
 * session cache, so a new connection to a server that was met before resumes its TLS session
 * (RFC 8446, Section 2.2) instead of repeating the certificate exchange, whichever session opens
 * it; the JDK's own client shares {@code SSLContext.getDefault()} the same way.
 *
 * <p>Only what the context is built from decides the sharing: the trust anchors, trust-all and the
 * client identity. What varies per connection (protocol versions, ALPN, the host-name check, pins)
 * is set on each socket. The JDK refuses to resume a session made without the host-name check for
 * a connection that checks it (it compares the endpoint identification algorithm), and pins are
 * checked on the resumed session's chain.
 */
final class SharedSslContext {
  private static final SharedSslContext SYSTEM_TRUST = new SharedSslContext();

  private final ReentrantLock building = new ReentrantLock(); // not synchronized: callers may be virtual threads
  private volatile SSLContext context;

  /** The context of the JDK trust store, no client identity: what most settings use. */
  static SharedSslContext systemTrust() {
    return SYSTEM_TRUST;
  }

  /** A context of its own, for a configuration met for the first time. */
  static SharedSslContext fresh() {
    return new SharedSslContext();
  }

  private SharedSslContext() {}

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
