package dev.courier.cli;

import picocli.CommandLine.Option;

/**
 * The options of a request ({@code courier URL ...} and the verbs), with HTTPie's names. A
 * picocli mixin, so the top command and each verb share one definition; {@link PlainRequest}
 * fills the same fields for the common command lines without picocli. The initial values are
 * the defaults for that reader (picocli sets its {@code defaultValue}s; the test checks they
 * agree).
 */
final class RequestOptions {
  @Option(names = {"-j", "--json"}, description = "JSON: data items as a JSON object (the default); Accept and Content-Type say JSON even without a body.")
  boolean json;

  @Option(names = {"-f", "--form"}, description = "Send data items as a urlencoded form (multipart when a file is attached).")
  boolean form;

  @Option(names = "--multipart", description = "Send data items as multipart/form-data, even without files.")
  boolean multipart;

  @Option(names = "--raw", paramLabel = "TEXT", description = "Send TEXT as the request body (like a body on stdin).")
  String raw;

  @Option(names = {"-I", "--ignore-stdin"}, description = "Do not read a request body from stdin.")
  boolean ignoreStdin;

  @Option(names = "--https", description = "Use https:// for a URL typed without a scheme.")
  boolean https;

  @Option(names = {"-p", "--print"}, paramLabel = "WHAT",
      description = "What to print: H request headers, B request body, h response headers, b response body, "
          + "m metadata (e.g. -p HBhb).")
  String print;

  @Option(names = {"-h", "--headers"}, description = "Print only the response headers (-p h).")
  boolean headersOnly;

  @Option(names = {"-b", "--body"}, description = "Print only the response body (-p b).")
  boolean bodyOnly;

  @Option(names = {"-m", "--meta"}, description = "Print only the response metadata: elapsed time (-p m).")
  boolean metaOnly;

  @Option(names = {"-v", "--verbose"}, description = "Print the request as well as the response (-p HBhb).")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing to stdout (errors still go to stderr).")
  boolean quiet;

  @Option(names = "--pretty", paramLabel = "all|colors|format|none",
      description = "Colours and formatting (default: all on a terminal, none when piped; NO_COLOR drops the colours).")
  String pretty;

  @Option(names = "--offline", description = "Build the request and print it without sending it.")
  boolean offline;

  @Option(names = {"-F", "--follow"}, description = "Follow redirects (off by default, as in HTTPie and curl).")
  boolean follow;

  @Option(names = "--max-redirects", paramLabel = "N", defaultValue = "30",
      description = "Follow at most N redirects with --follow (default: ${DEFAULT-VALUE}).")
  int maxRedirects = 30;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "Connect and read timeout in seconds (default: connect 10, read 30).")
  Double timeout;

  @Option(names = "--check-status",
      description = "Exit 3 for a 3xx (not followed), 4 for a 4xx, 5 for a 5xx response.")
  boolean checkStatus;

  @Option(names = {"-d", "--download"},
      description = "Save the body to a file (named by -o, Content-Disposition or the URL; never overwriting), "
          + "with a progress bar on stderr.")
  boolean download;

  @Option(names = {"-c", "--continue"},
      description = "With --download and -o FILE, resume a partial download (FILE.part or FILE) with a Range request.")
  boolean continueDownload;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "With --download, the file to save to; without, write what would be printed to FILE.")
  java.nio.file.Path output;

  @Option(names = {"-a", "--auth"}, paramLabel = "USER[:PASS]|TOKEN",
      description = "Credentials; a missing password is asked for on the terminal, without echo.")
  String auth;

  @Option(names = {"-A", "--auth-type"}, paramLabel = "basic|digest|bearer", defaultValue = "basic",
      description = "How --auth is sent (default: ${DEFAULT-VALUE}; bearer takes a token).")
  String authType = "basic";

  @Option(names = "--ignore-netrc", description = "Do not take credentials from ~/.netrc (used by default, as curl -n and HTTPie do).")
  boolean ignoreNetrc;

  @Option(names = "--verify", paramLabel = "yes|no|CA.pem", defaultValue = "yes",
      description = "Check the server's certificate (default: yes); no trusts any; a PEM file trusts those CAs.")
  String verify = "yes";

  @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate (PEM chain; with its key unless --cert-key).")
  String cert;

  @Option(names = "--cert-key", paramLabel = "FILE", description = "The private key (PEM) of --cert.")
  String certKey;

  @Option(names = "--proxy", paramLabel = "URL",
      description = "Send through this proxy: http://, https:// or socks5:// (HTTPie's http:URL form too).")
  String proxy;

  @Option(names = "--session", paramLabel = "NAME|PATH",
      description = "Keep headers, auth and cookies between calls: a NAME (stored per host under "
          + "$XDG_CONFIG_HOME/courier/sessions) or a PATH to a JSON file.")
  String session;

  @Option(names = "--session-read-only", paramLabel = "NAME|PATH",
      description = "Use a session as --session does, but never write it back.")
  String sessionReadOnly;

  @Option(names = "--debug", description = "Print the stack trace of an error.")
  boolean debug;

  @Option(names = "--timing",
      description = "Print where the time went: DNS, connect, TLS, request, waiting (time to first byte), "
          + "transfer, total (on stderr; in the output with -p m).")
  boolean timing;

  @Option(names = "--all",
      description = "Print the intermediate requests and responses too (redirects followed, auth challenges).")
  boolean all;

  @Option(names = {"-x", "--compress"},
      description = "Compress the request body with deflate (Content-Encoding: deflate) when that makes it "
          + "smaller; -xx always.")
  boolean[] compress = new boolean[0];

  @Option(names = "--chunked", description = "Send the request body chunked (Transfer-Encoding: chunked).")
  boolean chunked;

  @Option(names = "--boundary", paramLabel = "TEXT",
      description = "The multipart boundary (1 to 70 of A-Z a-z 0-9 '()+_,-./:=? and space, not last).")
  String boundary;

  @Option(names = "--style", paramLabel = "auto|monokai|solarized|mono",
      description = "Output colours (default: auto, the terminal's own palette; mono: bold only).")
  String style;

  // One valued option rather than curl's three flags (--http1.1, --http2, --http2-prior-knowledge):
  // it matches our other choice options (--pretty, --auth-type, --verify), two versions cannot be
  // asked for at once, and its spelling and values are those of xh (HTTPie's Rust port); the values
  // are named after curl's flags. HTTPie itself speaks HTTP/1.1 only.
  @Option(names = "--http-version", paramLabel = "1.1|2|2-prior-knowledge",
      description = "HTTP version: 1.1 only; 2 when the server agrees by TLS ALPN (the default: plain http "
          + "stays 1.1); 2-prior-knowledge only HTTP/2, h2c without asking on plain http.")
  String httpVersion;
}
