package dev.courier.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * A private key and its certificate chain: what a TLS server presents, or a client presenting a
 * client certificate. Two identities are equal when key and chain are byte-for-byte equal, so
 * routes (and their pooled connections) with different client certificates never mix.
 *
 * <pre>{@code
 * TlsIdentity server = TlsIdentity.fromPem(Path.of("cert.pem"), Path.of("key.pem"));
 * TlsIdentity client = TlsIdentity.fromPkcs12(Path.of("client.p12"), "secret".toCharArray());
 * }</pre>
 */
public final class TlsIdentity {
  private final PrivateKey key;
  private final List<X509Certificate> chain;

  private TlsIdentity(PrivateKey key, List<X509Certificate> chain) {
    this.key = Objects.requireNonNull(key, "key");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("empty certificate chain");
    }
    this.chain = List.copyOf(chain);
  }

  /** An identity from a key and its chain (leaf first). */
  public static TlsIdentity of(PrivateKey key, List<X509Certificate> chain) {
    return new TlsIdentity(key, chain);
  }

  /** From a PEM certificate chain (leaf first) and an unencrypted PEM private key. */
  public static TlsIdentity fromPem(Path certificateChain, Path privateKey) throws IOException {
    return fromPem(certificateChain, privateKey, null);
  }

  /**
   * From a PEM certificate chain and a PEM private key; {@code password} is for an
   * {@code ENCRYPTED PRIVATE KEY} and may be {@code null}.
   */
  public static TlsIdentity fromPem(Path certificateChain, Path privateKey, char[] password)
      throws IOException {
    return new TlsIdentity(Pem.readPrivateKey(privateKey, password),
        Pem.readCertificates(certificateChain));
  }

  /** From PEM text: one string with the chain, one with the key (unencrypted). */
  public static TlsIdentity fromPemText(String certificateChain, String privateKey) {
    return new TlsIdentity(Pem.parsePrivateKey(privateKey, null),
        Pem.parseCertificates(certificateChain));
  }

  /** The first key entry of a PKCS#12 file (the format of {@code openssl pkcs12 -export}). */
  public static TlsIdentity fromPkcs12(Path file, char[] password) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          Key key = store.getKey(alias, password);
          Certificate[] certificates = store.getCertificateChain(alias);
          if (key instanceof PrivateKey privateKey && certificates != null) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : certificates) {
              chain.add((X509Certificate) certificate);
            }
            return new TlsIdentity(privateKey, chain);
          }
        }
      }
      throw new IllegalArgumentException("no private key entry in " + file);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read PKCS#12 " + file + ": " + e.getMessage(), e);
    }
  }

  /** The private key. */
  public PrivateKey privateKey() {
    return key;
  }

  /** The certificate chain, leaf first. */
  public List<X509Certificate> certificateChain() {
    return chain;
  }

  /** Key managers presenting this identity, for {@code SSLContext.init}. */
  public KeyManager[] keyManagers() {
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("identity", key, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build key managers: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TlsIdentity that
        && Arrays.equals(key.getEncoded(), that.key.getEncoded())
        && chain.equals(that.chain);
  }

  @Override
  public int hashCode() {
    return chain.get(0).hashCode();
  }

  @Override
  public String toString() {
    return "TlsIdentity[" + chain.get(0).getSubjectX500Principal().getName() + "]";
  }
}
