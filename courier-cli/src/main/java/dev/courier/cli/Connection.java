package dev.courier.cli;

import dev.courier.HttpVersionPolicy;
import dev.courier.Session;
import dev.courier.client.Proxy;
import dev.courier.net.TlsIdentity;
import dev.courier.net.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code --verify}, {@code --cert}, {@code --cert-key} and {@code --proxy} applied to the
 * session: {@code --verify no} trusts any certificate (the library logs a warning), {@code
 * --verify CA.pem} trusts that bundle instead of the system's; a client certificate comes from
 * PEM files; {@code --proxy URL} (or HTTPie's {@code --proxy http:URL}) sends every request
 * through that proxy (http, https or socks5); {@code --http-version} picks the {@link
 * HttpVersionPolicy}.
 *
 * <pre>{@code
 * Connection.configure(session, options, io);
 * }</pre>
 */
final class Connection {
  private Connection() {}

  static void configure(Session.Builder session, RequestOptions o, Io io) {
    String verify = o.verify.toLowerCase(Locale.ROOT);
    boolean custom = !verify.equals("yes") && !verify.equals("true") || o.cert != null;
    if (o.certKey != null && o.cert == null) throw new BadItemException("--cert-key needs --cert");
    if (custom) {
      TlsSettings.Builder tls = TlsSettings.builder();
      try {
        if (verify.equals("no") || verify.equals("false")) {
          tls.insecureTrustAll();
        } else if (!verify.equals("yes") && !verify.equals("true")) {
          Path bundle = io.cwd().resolve(o.verify);
          if (!Files.isRegularFile(bundle)) {
            throw new BadItemException("--verify " + o.verify + ": expected yes, no or a CA bundle file (PEM)");
          }
          tls.trustedCertificates(bundle);
        }
        if (o.cert != null) {
          Path cert = io.cwd().resolve(o.cert);
          tls.clientIdentity(TlsIdentity.fromPem(cert, io.cwd().resolve(o.certKey != null ? o.certKey : o.cert)));
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new BadItemException("TLS files: " + e.getMessage(), e);
      }
      session.tls(tls.build());
    }
    if (o.httpVersion != null) session.httpVersionPolicy(httpVersionPolicy(o));
    if (o.proxy != null) {
      String url = o.proxy;
      // HTTPie's form names the scheme it applies to first (http:http://proxy:3128); one proxy serves both here.
      int colon = url.indexOf(':');
      if (colon > 0 && !url.startsWith(url.substring(0, colon) + "://")) url = url.substring(colon + 1);
      try {
        session.proxy(Proxy.parse(url));
      } catch (IllegalArgumentException e) {
        throw new BadItemException("--proxy " + o.proxy + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * {@code --http-version}: {@code 1.1} is {@link HttpVersionPolicy#HTTP_1_1}, {@code 2} the
   * default {@link HttpVersionPolicy#HTTP_2_PREFERRED} (as curl's {@code --http2}: HTTP/2 when TLS
   * ALPN agrees, HTTP/1.1 on plain http), {@code 2-prior-knowledge} {@link
   * HttpVersionPolicy#HTTP_2_ONLY} (h2c with prior knowledge, RFC 9113 section 3.3).
   */
  static HttpVersionPolicy httpVersionPolicy(RequestOptions o) {
    if (o.httpVersion == null) return HttpVersionPolicy.HTTP_2_PREFERRED;
    return switch (o.httpVersion.toLowerCase(Locale.ROOT)) {
      case "1.1" -> HttpVersionPolicy.HTTP_1_1;
      case "2" -> HttpVersionPolicy.HTTP_2_PREFERRED;
      case "2-prior-knowledge" -> HttpVersionPolicy.HTTP_2_ONLY;
      default -> throw new BadItemException("--http-version " + o.httpVersion
          + ": expected 1.1, 2 or 2-prior-knowledge");
    };
  }
}
