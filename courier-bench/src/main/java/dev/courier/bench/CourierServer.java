package dev.courier.bench;

import dev.courier.http.h2.H2Limits;
import dev.courier.server.FileHandler;
import dev.courier.server.Handler;
import dev.courier.server.HttpServer;
import dev.courier.server.Router;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Courier: one plain {@link Handler} (no Router, as the peers have none either) answering the
 * plaintext path, reading an upload's body to its end with {@code transferTo} at {@link
 * BenchServers#UPLOAD}, and handing {@code /static/} to a FileHandler, in one of three ways:
 * <ul>
 *   <li>{@code courier}: an ordinary handler, with the server's defaults. Over plain HTTP/1.1 the
 *       read loop tries it itself (a watchdog sends it to virtual threads if it ever blocks);
 *       over HTTP/2 its streams run on the server's pooled virtual threads.</li>
 *   <li>{@code courier-inline}: the handler declared {@link Handler#nonBlocking non-blocking},
 *       so HTTP/2 answers it on the connection's reader too, as Netty and Undertow run handlers
 *       on their I/O threads.</li>
 *   <li>{@code courier-threads}: an ordinary handler with {@code handlersOnLoop(false)}, so every
 *       HTTP/1.1 exchange runs on a virtual thread (the default before the watchdog): what a
 *       handler that blocks costs.</li>
 * </ul>
 * The file test goes through the same handler: its look-ups ({@code lstat}, {@code open}) run on
 * the loop where the handler does, as nginx's do on its event loop, and the file is sent from a
 * virtual thread (a file body is never written on the loop).
 *
 * <p>For the {@code tls} test a second server with the same handler and {@link
 * HttpServer.Builder#tls(Path, Path) tls(cert, key)} listens beside the plain one: the server's
 * defaults, HTTP/2 offered by ALPN (chosen by h2load in the h2 runs), HTTP/1.1 to a client that
 * offers none (wrk).
 *
 * <p>{@code -Dcourier.bench.h2WindowGrowth=STREAM/CONNECTION} (in MiB, as in {@code
 * courier:-Dcourier.bench.h2WindowGrowth=16/32}) sets how far HTTP/2 receive windows may grow
 * ({@link H2Limits#withWindowGrowth}), to compare other maxima than the defaults in one run;
 * {@code 0.25/1}, the windows themselves, keeps them fixed, as they were before they could grow.
 * {@code -Dcourier.bench.uploadWhole=true} reads an upload with {@code bodyBytes()} instead of a
 * stream (10 MiB at most).
 * {@code -Dcourier.bench.h2Windows=STREAM/CONNECTION} sets the first windows ({@link
 * H2Limits#withWindows}; maxima below them rise to them): {@code 16/32} opens them wide at once,
 * as nginx does for a body it spools to disk.
 */
final class CourierServer {
  private CourierServer() {}

  /** How the handler runs: see the class comment. */
  enum Mode { DEFAULT, INLINE, THREADS }

  /**
   * Starts the server with its handler run as {@code mode} says, and when {@code tls} is not null
   * a second one serving HTTPS on its port.
   */
  static void start(int port, Path dir, Mode mode, BenchTls tls) throws Exception {
    // The Router only strips the /static prefix for the file test; plaintext never reaches it.
    Handler files = Router.builder().mount("/static/", FileHandler.of(dir)).build();
    ServerResponseBody hello = ServerResponseBody.of(BenchServers.HELLO);
    Handler plaintext = request -> ServerResponse.builder(200).contentType("text/plain").body(hello).build();
    boolean whole = Boolean.getBoolean("courier.bench.uploadWhole");
    Handler upload = request -> {
      if (whole) {
        request.bodyBytes(); // the whole body in one array: over HTTP/2 its window opens to it at once
      } else {
        request.body().transferTo(OutputStream.nullOutputStream()); // a 1 MiB body goes to a virtual thread
      }
      return plaintext.handle(request);
    };
    ServerResponseBody page = ServerResponseBody.of(ApiJson.PAGE);
    Handler json = request -> ServerResponse.builder(200).contentType("application/json").body(page).build();
    Handler handler = request -> request.path().startsWith("/static/") ? files.handle(request)
        : request.path().equals(BenchServers.UPLOAD) ? upload.handle(request)
        : request.path().equals(BenchServers.JSON) ? json.handle(request) : plaintext.handle(request);
    boolean compress = Boolean.getBoolean(BenchServers.COMPRESS);
    Handler declared = mode == Mode.INLINE ? Handler.nonBlocking(handler) : handler;
    H2Limits h2 = h2Limits(System.getProperty("courier.bench.h2WindowGrowth"));
    HttpServer.builder().bind("127.0.0.1").port(port).handler(declared).handlersOnLoop(mode != Mode.THREADS)
        .http2Limits(h2).compressResponses(compress).start();
    if (tls != null) {
      HttpServer.builder().bind("127.0.0.1").port(tls.port()).handler(declared).handlersOnLoop(mode != Mode.THREADS)
          .http2Limits(h2).tls(tls.certificate(), tls.key()).start();
    }
  }

  /**
   * The default HTTP/2 limits, or with the first windows ({@code courier.bench.h2Windows}) and the
   * window maxima ({@code growth}) given as {@code "STREAM/CONNECTION"} in MiB.
   */
  private static H2Limits h2Limits(String growth) {
    String initial = System.getProperty("courier.bench.h2Windows");
    H2Limits base = H2Limits.defaults();
    if (initial != null) base = base.withWindows(streamBytes(initial), connectionBytes(initial));
    return growth == null ? base : base.withWindowGrowth(streamBytes(growth), connectionBytes(growth));
  }

  /** The stream's part of {@code "STREAM/CONNECTION"} (MiB), in bytes. */
  private static int streamBytes(String pair) {
    return (int) (Double.parseDouble(pair.split("/")[0]) * (1 << 20));
  }

  /** The connection's part of {@code "STREAM/CONNECTION"} (MiB), in bytes. */
  private static int connectionBytes(String pair) {
    return (int) (Double.parseDouble(pair.split("/")[1]) * (1 << 20));
  }
}
