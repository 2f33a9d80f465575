package dev.courier.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads certificates and private keys in PEM (RFC 7468), the format of OpenSSL, Let's Encrypt and
 * most CA bundles.
 *
 * <p>Keys: PKCS#8 {@code PRIVATE KEY} (RSA, EC, Ed25519, Ed448), password-protected PKCS#8
 * {@code ENCRYPTED PRIVATE KEY} (PBES2 as OpenSSL 1.1+ writes it), PKCS#1 {@code RSA PRIVATE KEY}
 * and SEC1 {@code EC PRIVATE KEY}. OpenSSL's legacy encrypted form ({@code Proc-Type: 4,ENCRYPTED})
 * is refused with a hint to convert it.
 *
 * <pre>{@code
 * List<X509Certificate> chain = Pem.readCertificates(Path.of("fullchain.pem"));
 * PrivateKey key = Pem.readPrivateKey(Path.of("privkey.pem"));
 * }</pre>
 */
public final class Pem {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final List<String> KEY_ALGORITHMS =
      List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

  private Pem() {}

  /** Every certificate in the file, in order (text outside the PEM blocks is ignored). */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    return parseCertificates(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  /** Every certificate in the PEM text, in order. */
  public static List<X509Certificate> parseCertificates(String pem) {
    return parseCertificates(pem, "PEM text");
  }

  private static List<X509Certificate> parseCertificates(String pem, String source) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks(pem)) {
        if (block.label().equals("CERTIFICATE") || block.label().equals("TRUSTED CERTIFICATE")) {
          certificates.add((X509Certificate) factory.generateCertificate(
              new ByteArrayInputStream(block.der())));
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("bad certificate in " + source + ": " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no BEGIN CERTIFICATE block in " + source);
    }
    return List.copyOf(certificates);
  }

  /** The private key in the file, which must not be encrypted. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    return readPrivateKey(file, null);
  }

  /**
   * The private key in the file.
   *
   * @param password for an {@code ENCRYPTED PRIVATE KEY}; {@code null} when not encrypted
   */
  public static PrivateKey readPrivateKey(Path file, char[] password) throws IOException {
    return parsePrivateKey(Files.readString(file, StandardCharsets.US_ASCII), password, file.toString());
  }

  /** The private key in the PEM text; {@code password} may be {@code null}. */
  public static PrivateKey parsePrivateKey(String pem, char[] password) {
    return parsePrivateKey(pem, password, "PEM text");
  }

  private static PrivateKey parsePrivateKey(String pem, char[] password, String source) {
    for (Block block : blocks(pem)) {
      switch (block.label()) {
        case "PRIVATE KEY" -> {
          return pkcs8(block.der(), source);
        }
        case "RSA PRIVATE KEY" -> {
          rejectLegacyEncryption(block, source);
          return pkcs8(Der.pkcs8FromPkcs1(block.der()), source);
        }
        case "EC PRIVATE KEY" -> {
          rejectLegacyEncryption(block, source);
          return pkcs8(Der.pkcs8FromSec1(block.der()), source);
        }
        case "ENCRYPTED PRIVATE KEY" -> {
          if (password == null) {
            throw new IllegalArgumentException("the key in " + source + " is encrypted: a password is needed");
          }
          return pkcs8(decrypt(block.der(), password, source), source);
        }
        default -> {
          // certificates and EC PARAMETERS blocks may sit in the same file
        }
      }
    }
    throw new IllegalArgumentException("no BEGIN PRIVATE KEY block in " + source);
  }

  private static void rejectLegacyEncryption(Block block, String source) {
    if (block.encryptedLegacy()) {
      throw new IllegalArgumentException("the key in " + source
          + " uses OpenSSL's legacy encryption; convert it with 'openssl pkcs8 -topk8'");
    }
  }

  private static byte[] decrypt(byte[] der, char[] password, String source) {
    try {
      EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
      String algorithm = info.getAlgName();
      SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
      Cipher cipher = Cipher.getInstance(algorithm);
      cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)),
          info.getAlgParameters());
      return info.getKeySpec(cipher).getEncoded();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot decrypt the key in " + source
          + " (wrong password or unsupported cipher): " + e.getMessage(), e);
    }
  }

  private static PrivateKey pkcs8(byte[] der, String source) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException tryNext) {
        // the algorithm identifier names another key type
      }
    }
    throw new IllegalArgumentException("unsupported or corrupt private key in " + source);
  }

  /** One PEM block: its label, its decoded bytes, and whether it carries legacy encryption headers. */
  private record Block(String label, byte[] der, boolean encryptedLegacy) {}

  private static List<Block> blocks(String text) {
    List<Block> blocks = new ArrayList<>();
    int position = 0;
    while (true) {
      int begin = text.indexOf(BEGIN, position);
      if (begin < 0) {
        return blocks;
      }
      int labelEnd = text.indexOf("-----", begin + BEGIN.length());
      if (labelEnd < 0) {
        throw new IllegalArgumentException("unterminated BEGIN line at " + begin);
      }
      String label = text.substring(begin + BEGIN.length(), labelEnd).strip();
      String endLine = END + label + "-----";
      int end = text.indexOf(endLine, labelEnd);
      if (end < 0) {
        throw new IllegalArgumentException("missing '" + endLine + "'");
      }
      String body = text.substring(labelEnd + 5, end);
      boolean legacy = false;
      StringBuilder base64 = new StringBuilder(body.length());
      for (String line : body.split("\r?\n|\r")) {
        String trimmed = line.strip();
        if (trimmed.indexOf(':') >= 0) {
          // RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED"
          legacy |= trimmed.toUpperCase(Locale.ROOT).contains("ENCRYPTED");
          continue;
        }
        base64.append(trimmed);
      }
      byte[] der;
      try {
        der = Base64.getDecoder().decode(base64.toString());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad base64 in the " + label + " block: " + e.getMessage(), e);
      }
      blocks.add(new Block(label, der, legacy));
      position = end + endLine.length();
    }
  }
}
