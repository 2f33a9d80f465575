package dev.courier.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty 12 core (no servlets): a plaintext handler and a ResourceHandler, default thread pool.
 * For h2c the connector carries HTTP/1.1 and HTTP/2 cleartext, the arrangement Jetty's
 * documentation gives: a connection that opens with the HTTP/2 preface becomes HTTP/2. For the
 * {@code tls} test a second connector serves HTTPS as Jetty's documentation configures it: an
 * {@link SslConnectionFactory} holding the JDK's context in an {@link SslContextFactory.Server},
 * and a {@link SecureRequestCustomizer}. In the HTTP/1.1 runs the TLS layer hands every connection
 * to HTTP/1.1; in the h2 runs to an {@link ALPNServerConnectionFactory} (the JDK's ALPN, from
 * jetty-alpn-java-server) that picks h2 when the client offers it and HTTP/1.1 otherwise.
 */
final class JettyServer {
  private JettyServer() {}

  /** Starts the server on {@code port}, and HTTPS on {@code tls}'s port unless it is null. */
  static void start(int port, Path dir, boolean h2c, BenchTls tls) throws Exception {
    Server server = new Server();
    HttpConfiguration config = new HttpConfiguration();
    ServerConnector connector = h2c
        ? new ServerConnector(server, new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config))
        : new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);
    if (tls != null) server.addConnector(https(server, tls, h2c));

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
    // An upload is consumed without blocking (its chunks released as they come), then answered.
    Handler upload = new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        Content.Source.consumeAll(request, Callback.from(() -> {
          try {
            plaintext.handle(request, response, callback);
          } catch (Exception e) {
            callback.failed(e);
          }
        }, callback::failed));
        return true;
      }
    };
    ResourceHandler files = new ResourceHandler();
    files.setBaseResource(ResourceFactory.of(server).newResource(dir.toAbsolutePath()));
    files.setDirAllowed(false);
    // Without allowNullPathInContext a context answers its bare path ("/plaintext") with a 301 to
    // "/plaintext/", which wrk counts as a success: Jetty would be measured sending redirects.
    ContextHandler hello = new ContextHandler(plaintext, "/plaintext");
    hello.setAllowNullPathInContext(true);
    ContextHandler uploads = new ContextHandler(upload, BenchServers.UPLOAD);
    uploads.setAllowNullPathInContext(true);
    ContextHandlerCollection contexts = new ContextHandlerCollection(hello, uploads, new ContextHandler(files, "/static"));
    server.setHandler(contexts);
    server.start();
  }

  /** The HTTPS connector: HTTP/1.1 alone, or with {@code h2} HTTP/2 too, chosen by ALPN. */
  private static ServerConnector https(Server server, BenchTls tls, boolean h2) {
    HttpConfiguration config = new HttpConfiguration();
    config.addCustomizer(new SecureRequestCustomizer());
    HttpConnectionFactory http11 = new HttpConnectionFactory(config);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setSslContext(tls.sslContext());
    ServerConnector connector;
    if (h2) {
      HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(config);
      ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(http2.getProtocol(), http11.getProtocol());
      alpn.setDefaultProtocol(http11.getProtocol());
      connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, http2, http11);
    } else {
      connector = new ServerConnector(server, new SslConnectionFactory(ssl, http11.getProtocol()), http11);
    }
    connector.setHost("127.0.0.1");
    connector.setPort(tls.port());
    connector.setAcceptQueueSize(1024);
    return connector;
  }
}
