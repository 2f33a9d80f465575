package dev.courier.cli;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * The server's SSLContext from PEM files, via the transport layer's loader
 * ({@code dev.courier.net.TlsContexts.server}). Looked up reflectively until that class is on main.
 */
final class TlsFiles {
  private TlsFiles() {}

  static SSLContext serverContext(Path certificateChain, Path privateKey) throws IOException {
    try {
      Class<?> contexts = Class.forName("dev.courier.net.TlsContexts");
      return (SSLContext) contexts.getMethod("server", Path.class, Path.class).invoke(null, certificateChain, privateKey);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IOException io) throw io;
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IOException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("TLS from PEM files needs dev.courier.net.TlsContexts, missing from this build");
    }
  }
}
