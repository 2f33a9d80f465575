package dev.courier.cli;

import dev.courier.net.TlsContexts;
import dev.courier.net.TlsIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/** The server's SSLContext from PEM files (certificate chain and private key) or a PKCS#12 file. */
final class TlsFiles {
  private TlsFiles() {}

  static SSLContext serverContext(Path certificateChain, Path privateKey) throws IOException {
    return TlsContexts.server(certificateChain, privateKey);
  }

  /** From PEM files whose key may be an {@code ENCRYPTED PRIVATE KEY} ({@code password} null when not). */
  static SSLContext serverContext(Path certificateChain, Path privateKey, char[] password) throws IOException {
    return TlsContexts.server(TlsIdentity.fromPem(certificateChain, privateKey, password));
  }

  /** From a PKCS#12 file holding the key and its chain. */
  static SSLContext pkcs12Context(Path file, char[] password) throws IOException {
    return TlsContexts.server(TlsIdentity.fromPkcs12(file, password));
  }

  /**
   * The password in the first line of {@code file} (its line end dropped, as openssl's
   * {@code -passin file:} reads it), so it never shows on a command line or in {@code ps}.
   */
  static char[] password(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
    return line.toCharArray();
  }
}
