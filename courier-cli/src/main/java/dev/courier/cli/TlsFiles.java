package dev.courier.cli;

import dev.courier.net.TlsContexts;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/** The server's SSLContext from PEM files (certificate chain and private key). */
final class TlsFiles {
  private TlsFiles() {}

  static SSLContext serverContext(Path certificateChain, Path privateKey) throws IOException {
    return TlsContexts.server(certificateChain, privateKey);
  }
}
