package dev.courier.cli;

import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The built-in httpbin on 127.0.0.1, a free port, for one test class (register as a static extension). */
final class HttpBinServer implements BeforeAllCallback, AfterAllCallback {
  private HttpServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    try {
      server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.stop(Duration.ofSeconds(1));
  }

  /** {@code http://127.0.0.1:PORT} + path. */
  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** The {@code :PORT/path} shorthand (localhost). */
  String local(String path) {
    return ":" + server.port() + path;
  }
}
