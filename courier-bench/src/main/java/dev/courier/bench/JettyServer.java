package dev.courier.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/** Jetty 12 core (no servlets): a plaintext handler and a ResourceHandler, default thread pool. */
final class JettyServer {
  private JettyServer() {}

  static void start(int port, Path dir) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);

    Handler plaintext = new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BenchServers.HELLO.length);
        response.write(true, ByteBuffer.wrap(BenchServers.HELLO), callback);
        return true;
      }
    };
    ResourceHandler files = new ResourceHandler();
    files.setBaseResource(ResourceFactory.of(server).newResource(dir.toAbsolutePath()));
    files.setDirAllowed(false);
    ContextHandlerCollection contexts = new ContextHandlerCollection(
        new ContextHandler(plaintext, "/plaintext"), new ContextHandler(files, "/static"));
    server.setHandler(contexts);
    server.start();
  }
}
