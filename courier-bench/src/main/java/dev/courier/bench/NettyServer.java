package dev.courier.bench;

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
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Netty 4.1 NIO: HttpServerCodec, a plaintext answer and zero-copy file regions for /static/. */
final class NettyServer {
  private NettyServer() {}

  static void start(int port, Path dir) throws Exception {
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup workers = new NioEventLoopGroup();
    ByteBuf hello = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(BenchServers.HELLO));
    Path root = dir.toAbsolutePath().normalize();
    new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
                    boolean keepAlive = HttpUtil.isKeepAlive(request);
                    String uri = request.uri();
                    if (uri.equals("/plaintext")) {
                      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                          HttpResponseStatus.OK, hello.duplicate());
                      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                          .setInt(HttpHeaderNames.CONTENT_LENGTH, BenchServers.HELLO.length);
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
                    ctx.write(new DefaultFileRegion(raf.getChannel(), 0, length));
                    finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
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
