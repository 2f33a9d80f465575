package dev.courier.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;

/**
 * Netty 4.1 HTTP/2 with prior knowledge: an {@link Http2ConnectionHandler} with a frame listener
 * that answers every request on its own stream (the shape of Netty's own HTTP/2 hello-world
 * server, without child channels per stream, so Netty's fastest documented arrangement). Writes
 * are flushed once per read batch by the connection handler. Serves only the plaintext answer.
 *
 * <p>For the {@code tls} test a second channel on the same event loops puts an {@code SslHandler}
 * of a {@link SslProvider#JDK JDK-provider} context ({@link NettyServer#jdkSslContext}) in front of
 * the same connection handler, its ALPN offering h2 alone: like the plain port, it speaks only
 * HTTP/2.
 */
final class NettyH2Server {
  private NettyH2Server() {}

  /** Starts the server on {@code port}, and HTTP/2 over TLS on {@code tls}'s port unless it is null. */
  static void start(int port, BenchTls tls) throws Exception {
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup workers = new NioEventLoopGroup();
    bind(boss, workers, port, null);
    if (tls != null) {
      // RFC 9113 section 3.2: over TLS the client picks "h2" by ALPN (RFC 7301).
      ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2);
      bind(boss, workers, tls.port(), NettyServer.jdkSslContext(tls).applicationProtocolConfig(alpn).build());
    }
  }

  private static void bind(EventLoopGroup boss, EventLoopGroup workers, int port, SslContext ssl)
      throws InterruptedException {
    ByteBuf hello = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(BenchServers.HELLO));
    new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (ssl != null) ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
            ch.pipeline().addLast(new Builder(hello).build());
          }
        })
        .bind("127.0.0.1", port).sync();
  }

  /** The connection handler, which is its own frame listener's way to the encoder. */
  private static final class Handler extends Http2ConnectionHandler {
    Handler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
      super(decoder, encoder, settings);
    }
  }

  private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<Handler, Builder> {
    private final ByteBuf hello;

    Builder(ByteBuf hello) {
      this.hello = hello;
    }

    @Override
    public Handler build() {
      return super.build();
    }

    @Override
    protected Handler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
      Handler handler = new Handler(decoder, encoder, settings);
      frameListener(new Http2FrameAdapter() {
        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
            boolean endOfStream) {
          if (endOfStream) respond(ctx, streamId);
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int dependency,
            short weight, boolean exclusive, int padding, boolean endOfStream) {
          if (endOfStream) respond(ctx, streamId);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
          if (endOfStream) respond(ctx, streamId);
          return data.readableBytes() + padding;
        }

        private void respond(ChannelHandlerContext ctx, int streamId) {
          Http2Headers head = new DefaultHttp2Headers().status("200")
              .set("content-type", "text/plain").setInt("content-length", BenchServers.HELLO.length);
          handler.encoder().writeHeaders(ctx, streamId, head, 0, false, ctx.newPromise());
          handler.encoder().writeData(ctx, streamId, hello.duplicate(), 0, true, ctx.newPromise());
        }
      });
      return handler;
    }
  }
}
