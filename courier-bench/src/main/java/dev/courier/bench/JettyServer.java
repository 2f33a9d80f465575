package dev.courier.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Jetty 12 core (no servlets): a plaintext handler and a ResourceHandler, default thread pool.
 * For h2c the connector carries HTTP/1.1 and HTTP/2 cleartext, the arrangement Jetty's
 * documentation gives: a connection that opens with the HTTP/2 preface becomes HTTP/2.
 */
final class JettyServer {
  private JettyServer() {}

  static void start(int port, Path dir, boolean h2c) throws Exception {
    Server server = new Server();
    HttpConfiguration config = new HttpConfiguration();
    ServerConnector connector = h2c
        ? new ServerConnector(server, new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config))
        : new ServerConnector(server);
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
