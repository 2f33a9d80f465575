package dev.courier.testing;

import dev.courier.net.TlsContexts;
import dev.courier.net.TlsIdentity;
import dev.courier.net.TlsSettings;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for one HTTPS {@link MockServer}: a CA and a leaf certificate for {@code
 * localhost}, {@code 127.0.0.1} and {@code ::1} signed by it, EC P-256 keys, valid from an hour
 * ago for a day. Keys come from the JDK; Bouncy Castle only encodes and signs the certificates,
 * with the JDK's providers (no provider is registered).
 */
final class MockCertificates {
  private static final Duration SKEW = Duration.ofHours(1);
  private static final Duration LIFETIME = Duration.ofDays(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate ca;
  private final SSLContext serverContext;
  private final SSLContext clientContext;
  private final X509TrustManager trustManager;

  private MockCertificates(X509Certificate ca, TlsIdentity leaf) {
    this.ca = ca;
    this.serverContext = TlsContexts.server(leaf);
    this.clientContext = TlsSettings.builder().trustedCertificates(List.of(ca)).build().sslContext();
    this.trustManager = trustManagerFor(ca);
  }

  private static X509TrustManager trustManagerFor(X509Certificate ca) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("mock-server-ca", ca);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JDK made no X509TrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a trust manager for the MockServer CA", e);
    }
  }

  X509TrustManager trustManager() {
    return trustManager;
  }

  static MockCertificates create() {
    try {
      KeyPair caKeys = keyPair();
      X500Name caName = new X500Name("CN=Courier MockServer CA " + serial().toString(16));
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder caBuilder = builder(caName, caName, caKeys)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              utils.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509Certificate ca = sign(caBuilder, caKeys);

      KeyPair leafKeys = keyPair();
      X509v3CertificateBuilder leafBuilder =
          builder(caName, new X500Name("CN=localhost"), leafKeys)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(Extension.extendedKeyUsage, false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              // RFC 9525: clients match names and IP literals against the SAN only
              .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                  new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")
                  }))
              .addExtension(Extension.subjectKeyIdentifier, false,
                  utils.createSubjectKeyIdentifier(leafKeys.getPublic()))
              .addExtension(Extension.authorityKeyIdentifier, false,
                  utils.createAuthorityKeyIdentifier(ca));
      X509Certificate leaf = sign(leafBuilder, caKeys);
      return new MockCertificates(ca, TlsIdentity.of(leafKeys.getPrivate(), List.of(leaf, ca)));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot make the MockServer's certificates: " + e, e);
    }
  }

  X509Certificate ca() {
    return ca;
  }

  SSLContext serverContext() {
    return serverContext;
  }

  SSLContext clientContext() {
    return clientContext;
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(now.minus(SKEW)),
        Date.from(now.plus(LIFETIME)), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
            .build(issuerKeys.getPrivate())));
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).add(BigInteger.ONE);
  }
}
