package dev.courier.bench;

import dev.courier.net.TlsIdentity;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.stream.ChunkedFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Netty 4.1 NIO: HttpServerCodec, a plaintext answer and zero-copy file regions for /static/. For
 * the {@code tls} test a second channel on the same event loops puts an {@code SslHandler} of a
 * {@link SslProvider#JDK JDK-provider} context (no ALPN, so HTTP/1.1; the JDK's cipher suite order)
 * in front of the same pipeline; zero-copy file regions cannot pass through TLS, so there files go
 * as a {@link ChunkedFile} through a {@link ChunkedWriteHandler}, as Netty's static file server
 * example sends them over TLS.
 */
final class NettyServer {
  private NettyServer() {}

  /** Starts the server on {@code port}, and HTTPS on {@code tls}'s port unless it is null. */
  static void start(int port, Path dir, BenchTls tls) throws Exception {
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup workers = new NioEventLoopGroup();
    bind(boss, workers, port, dir, null);
    if (tls != null) bind(boss, workers, tls.port(), dir, jdkSslContext(tls).build());
  }

  /**
   * A server context of the {@link SslProvider#JDK JDK provider} presenting {@code tls}'s
   * certificate, without ALPN; {@link NettyH2Server} adds its own.
   */
  static SslContextBuilder jdkSslContext(BenchTls tls) {
    TlsIdentity identity = tls.identity();
    // Netty's own cipher list puts TLS_AES_128_GCM_SHA256 first; the JDK's order (AES-256-GCM first)
    // makes it negotiate the suite the other JSSE servers do.
    List<String> jdkCiphers = List.of(tls.sslContext().getDefaultSSLParameters().getCipherSuites());
    return SslContextBuilder
        .forServer(identity.privateKey(), identity.certificateChain().toArray(new X509Certificate[0]))
        .sslProvider(SslProvider.JDK).ciphers(jdkCiphers);
  }

  private static void bind(EventLoopGroup boss, EventLoopGroup workers, int port, Path dir, SslContext ssl)
      throws InterruptedException {
    ByteBuf hello = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(BenchServers.HELLO));
    Path root = dir.toAbsolutePath().normalize();
    byte[] page = ApiJson.PAGE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    boolean compress = Boolean.getBoolean(BenchServers.COMPRESS);
    new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (ssl != null) ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
            ch.pipeline().addLast(new HttpServerCodec());
            if (compress) ch.pipeline().addLast(new HttpContentCompressor()); // level 6
            ch.pipeline().addLast(new HttpObjectAggregator(1 << 20));
            // Files over TLS go as chunks; the plain pipeline stays as it was (file regions need no such handler).
            if (ssl != null) ch.pipeline().addLast(new ChunkedWriteHandler());
            ch.pipeline().addLast(
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
                    boolean keepAlive = HttpUtil.isKeepAlive(request);
                    String uri = request.uri();
                    // An upload arrives whole through the HttpObjectAggregator (up to 1 MiB) and is dropped.
                    if (uri.equals("/plaintext") || uri.equals(BenchServers.UPLOAD)) {
                      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                          HttpResponseStatus.OK, hello.duplicate());
                      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                          .setInt(HttpHeaderNames.CONTENT_LENGTH, BenchServers.HELLO.length);
                      finish(ctx.writeAndFlush(response), keepAlive);
                      return;
                    }
                    if (uri.equals(BenchServers.JSON)) {
                      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                          HttpResponseStatus.OK, Unpooled.wrappedBuffer(page));
                      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                          .setInt(HttpHeaderNames.CONTENT_LENGTH, page.length);
                      finish(ctx.writeAndFlush(response), keepAlive);
                      return;
                    }
                    Path file = uri.startsWith("/static/") ? root.resolve(uri.substring(8)).normalize() : null;
                    if (file == null || !file.startsWith(root) || !file.toFile().isFile()) {
                      FullHttpResponse missing = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                          HttpResponseStatus.NOT_FOUND);
                      missing.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                      finish(ctx.writeAndFlush(missing), keepAlive);
                      return;
                    }
                    File f = file.toFile();
                    RandomAccessFile raf = new RandomAccessFile(f, "r");
                    long length = raf.length();
                    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
                        .set(HttpHeaderNames.CONTENT_LENGTH, length);
                    ctx.write(response);
                    if (ssl == null) {
                      ctx.write(new DefaultFileRegion(raf.getChannel(), 0, length));
                      finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
                    } else {
                      // HttpChunkedInput ends with the LastHttpContent itself.
                      finish(ctx.writeAndFlush(new HttpChunkedInput(new ChunkedFile(raf, 0, length, 8192))), keepAlive);
                    }
                  }
                });
          }
        })
        .bind("127.0.0.1", port).sync();
  }

  private static void finish(ChannelFuture future, boolean keepAlive) {
    if (!keepAlive) future.addListener(ChannelFutureListener.CLOSE);
  }
}
