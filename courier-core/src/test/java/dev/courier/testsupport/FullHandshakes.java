package dev.courier.testsupport;

import dev.courier.net.TlsIdentity;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server {@link SSLContext} that counts its full handshakes. The server picks a certificate only
 * in a full handshake: a resumed TLS 1.3 session sends none (RFC 8446, Section 2.2), so a
 * connection that resumed leaves the count as it was. Each handshake is counted once, however many
 * key types the JDK tries for it.
 *
 * <pre>{@code
 * FullHandshakes counted = new FullHandshakes(TlsIdentity.fromPem(cert, key));
 * HttpServer server = HttpServer.builder().tls(counted.context()).handler(handler).start();
 * assertThat(counted.count()).isEqualTo(1);
 * }</pre>
 */
public final class FullHandshakes {
  private final Set<SSLSession> handshakes = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  private final SSLContext context;

  public FullHandshakes(TlsIdentity identity) throws GeneralSecurityException {
    X509ExtendedKeyManager keys = (X509ExtendedKeyManager) identity.keyManagers()[0];
    context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new Counting(keys)}, null, null);
  }

  /** The context to serve with. */
  public SSLContext context() {
    return context;
  }

  /** Full handshakes so far. */
  public int count() {
    return handshakes.size();
  }

  private final class Counting extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager keys;

    Counting(X509ExtendedKeyManager keys) {
      this.keys = keys;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      if (engine != null && engine.getHandshakeSession() != null) handshakes.add(engine.getHandshakeSession());
      return keys.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      if (socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null) handshakes.add(ssl.getHandshakeSession());
      return keys.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return keys.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return keys.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return keys.chooseClientAlias(keyTypes, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
      return keys.chooseEngineClientAlias(keyTypes, issuers, engine);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }
}
