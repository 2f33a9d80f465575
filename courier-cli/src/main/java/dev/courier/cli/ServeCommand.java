package dev.courier.cli;

import dev.courier.http.wire.HttpVersion;
import dev.courier.server.AccessLog;
import dev.courier.server.FileHandler;
import dev.courier.server.Handler;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import dev.courier.server.Router;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code courier serve}: a static file server (and optionally httpbin), like
 * {@code python -m http.server}.
 *
 * <pre>{@code
 * ./courier serve                      # the current directory on http://127.0.0.1:8000/
 * ./courier serve 9000 -d site         # another port and directory
 * ./courier serve --bind 0.0.0.0       # reachable from other machines
 * ./courier serve --httpbin            # httpbin at the root
 * ./courier serve -d . --httpbin       # files at the root, httpbin under /httpbin/
 * }</pre>
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a directory over HTTP (like python -m http.server), and optionally httpbin.",
      "",
      "Listens on 127.0.0.1 (this machine only) unless --bind says otherwise: use --bind 0.0.0.0 "
          + "(or ::) to let other machines connect.",
      "",
      "With --httpbin alone, httpbin's endpoints are served at the root (/get, /status/418, ...); "
          + "with --httpbin and --directory, files are served at the root and httpbin under "
          + "/httpbin/ (/httpbin/get, ...).",
      "",
      "Each request is logged to stderr in Common Log Format. Ctrl-C stops the server, letting "
          + "requests in flight finish.",
      "",
      "Text responses are gzipped for clients that accept it, and file.br/.zst/.gz siblings are "
          + "served when present and accepted (--no-compression turns both off). CGI is not "
          + "supported (Python 3.15 removed it too).",
      ""
    })
final class ServeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", defaultValue = "8000", paramLabel = "PORT",
      description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = {"-b", "--bind"}, defaultValue = "127.0.0.1", paramLabel = "ADDR",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String bind;

  @Option(names = {"-d", "--directory"}, paramLabel = "DIR",
      description = "Directory to serve (default: the current directory, unless --httpbin is given alone).")
  Path directory;

  @Option(names = "--httpbin", description = "Serve httpbin's endpoints (at / alone, under /httpbin/ with --directory).")
  boolean httpbin;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain, or a PKCS#12 file (.p12, .pfx) holding key and chain: serve HTTPS.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "PEM private key (PKCS#8, encrypted PKCS#8, PKCS#1 or SEC 1) for a PEM --tls-cert.")
  Path tlsKey;

  @Option(names = "--tls-password-file", paramLabel = "FILE",
      description = "File whose first line is the password of an encrypted --tls-key or of a PKCS#12 "
          + "--tls-cert (kept off the command line).")
  Path tlsPasswordFile;

  @Option(names = "--protocol", paramLabel = "VERSION", defaultValue = "HTTP/1.1",
      description = "HTTP/1.1 (default) or HTTP/1.0: answer as HTTP/1.0 and close after each response, "
          + "like python -m http.server --protocol.")
  String protocol;

  @Option(names = "--cors", description = "Allow any origin (Access-Control-Allow-Origin: *, preflights "
      + "answered), for local development.")
  boolean cors;

  @Option(names = "--no-listing", description = "Answer 404 for a directory without an index file instead of listing it.")
  boolean noListing;

  @Option(names = "--index", paramLabel = "FILE",
      description = "Index file name served for a directory; repeat for several, first found wins "
          + "(default: index.html, index.htm).")
  java.util.List<String> indexFiles;

  @Option(names = "--no-compression", description = "Don't gzip text responses on the fly or serve precompressed .br/.zst/.gz siblings.")
  boolean noCompression;

  @Option(names = "--max-connections-per-address", paramLabel = "N", defaultValue = "256",
      description = "Most connections open at once from one client address; more are answered 503 "
          + "(default: ${DEFAULT-VALUE}; raise it behind a NAT or proxy).")
  int maxConnectionsPerAddress;

  @Option(names = "--trusted-proxy", paramLabel = "ADDR[/BITS]",
      description = "A reverse proxy (IP address or CIDR range, repeatable) whose Forwarded and "
          + "X-Forwarded-* fields give the client's address (logged), scheme and host; from anyone "
          + "else they are ignored (default: none).")
  java.util.List<String> trustedProxies = new java.util.ArrayList<>();

  @Option(names = {"-q", "--quiet"}, description = "Don't log requests.")
  boolean quiet;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    HttpServer server;
    try {
      server = start();
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("courier serve: " + e.getMessage());
      return 1;
    }
    String scheme = tlsCert != null ? "HTTPS" : "HTTP";
    String shown = server.address().getAddress().getHostAddress();
    out.println("Serving " + scheme + " on " + shown + " port " + server.port() + " (" + displayUrl(server) + ") ...");
    out.flush();
    Thread hook = new Thread(() -> {
      System.err.println("\nStopping (finishing requests in flight)...");
      server.stop(Duration.ofSeconds(5));
      stopped.countDown();
    }, "courier-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return 0;
  }

  private String displayUrl(HttpServer server) {
    String host = server.address().getAddress().getHostAddress();
    if (host.contains(":")) host = "[" + host + "]";
    return (tlsCert != null ? "https" : "http") + "://" + host + ":" + server.port() + "/";
  }

  /** Builds and starts the server described by the options (used by tests too). */
  HttpServer start() throws IOException {
    boolean pkcs12 = tlsCert != null && tlsKey == null && isPkcs12(tlsCert);
    if (!pkcs12 && (tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together (or give a PKCS#12 .p12/.pfx as --tls-cert)");
    }
    if (tlsPasswordFile != null && tlsCert == null) throw new IllegalArgumentException("--tls-password-file needs --tls-cert");
    HttpVersion version = switch (protocol.toUpperCase(java.util.Locale.ROOT)) {
      case "HTTP/1.0", "1.0" -> HttpVersion.HTTP_1_0;
      case "HTTP/1.1", "1.1" -> HttpVersion.HTTP_1_1;
      default -> throw new IllegalArgumentException("--protocol must be HTTP/1.0 or HTTP/1.1, not " + protocol);
    };
    Handler handler = handler();
    if (cors) handler = new CorsHandler(handler);
    HttpServer.Builder builder = HttpServer.builder().bind(bind).port(port).handler(handler)
        .maxConnectionsPerAddress(maxConnectionsPerAddress).protocolVersion(version)
        .compressResponses(!noCompression).trustedProxies(trustedProxies);
    if (!quiet) builder.accessLog(AccessLog.to(System.err).withZone(java.time.ZoneId.systemDefault()));
    if (tlsCert != null) {
      char[] password = tlsPasswordFile == null ? null : TlsFiles.password(tlsPasswordFile);
      builder.tls(pkcs12
          ? TlsFiles.pkcs12Context(tlsCert, password == null ? new char[0] : password)
          : TlsFiles.serverContext(tlsCert, tlsKey, password));
    }
    return builder.start();
  }

  private static boolean isPkcs12(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".p12") || name.endsWith(".pfx");
  }

  private Handler handler() throws IOException {
    if (httpbin && directory == null) return new HttpBin();
    Path dir = directory == null ? Path.of("") : directory;
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("not a directory: " + dir.toAbsolutePath());
    FileHandler.Builder fileBuilder = FileHandler.builder(dir).listDirectories(!noListing).precompressed(!noCompression);
    if (indexFiles != null && !indexFiles.isEmpty()) {
      for (String index : indexFiles) {
        if (index.isEmpty() || index.contains("/") || index.contains("\\") || index.equals("..") || index.equals(".")) {
          throw new IllegalArgumentException("--index takes a file name, not a path: " + index);
        }
      }
      fileBuilder.indexFiles(indexFiles.toArray(String[]::new));
    }
    FileHandler files = fileBuilder.build();
    if (!httpbin) return files;
    return Router.builder().mount("/httpbin/", new HttpBin()).mount("/", files).build();
  }
}
