package dev.courier.client;

import dev.courier.error.ProxyException;
import dev.courier.http.Headers;
import dev.courier.http.wire.BodyChunk;
import dev.courier.http.wire.Closed;
import dev.courier.http.wire.EndOfMessage;
import dev.courier.http.wire.Http1Parser;
import dev.courier.http.wire.Http1Writer;
import dev.courier.http.wire.HttpCodecException;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.Limits;
import dev.courier.http.wire.NeedMoreData;
import dev.courier.http.wire.RequestHead;
import dev.courier.http.wire.ResponseHead;
import dev.courier.http.wire.Trailers;
import dev.courier.net.Connection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens a CONNECT tunnel through an HTTP proxy (RFC 9110 Section 9.3.6): sends
 * {@code CONNECT host:port}, reads the proxy's answer, and leaves the connection as a raw pipe to
 * the target when the answer is 2xx.
 */
final class Tunnel {
  private Tunnel() {}

  /**
   * @param authority the target as {@code host:port} (IPv6 in brackets)
   * @param headers extra headers for the proxy (Proxy-Authorization, User-Agent...)
   * @param url the URL the tunnel is for (redacted), named in a {@link ProxyException}
   * @throws ProxyException when the proxy answers anything but 2xx
   * @throws IOException when the connection to the proxy fails
   */
  static void open(Connection connection, String authority, Headers headers, Limits limits,
      WireLog log, String url) throws IOException {
    Headers.Builder builder = Headers.builder();
    if (!headers.contains("Host")) {
      builder.add("Host", authority);
    }
    builder.addAll(headers);
    RequestHead head = RequestHead.of("CONNECT", authority, builder.build());
    log.request(head);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    Http1Writer.forRequests().writeHead(head, bytes);
    connection.output().write(bytes.toByteArray()); // one write, as http.client does
    connection.output().flush();

    Http1Parser parser = Http1Parser.forResponses(limits);
    parser.expectResponseTo("CONNECT");
    InputStream in = connection.input();
    byte[] buffer = new byte[2048];
    ResponseHead answer = null;
    try {
      while (true) {
        HttpEvent event = parser.next();
        switch (event) {
          case NeedMoreData more -> {
            int n = in.read(buffer);
            if (n < 0) {
              parser.endOfInput();
            } else {
              parser.feed(buffer, 0, n);
            }
          }
          case ResponseHead response -> {
            log.response(response);
            if (!response.isInformational()) {
              answer = response;
              if (response.status() / 100 == 2) {
                if (parser.buffered() > 0) {
                  throw new ProxyException(response.status(),
                      "the proxy sent bytes after its CONNECT answer", url, null);
                }
                return;
              }
            }
          }
          case BodyChunk chunk -> {
            // the refusal's body: ignored
          }
          case Trailers trailers -> {
            // ignored
          }
          case EndOfMessage end -> throw refused(answer, authority, url);
          case Closed closed -> throw answer == null
              ? new ProxyException(-1, "the proxy closed the connection without answering CONNECT "
                  + authority, url, null)
              : refused(answer, authority, url);
          default -> throw new ProxyException(-1, "unexpected " + event, url, null);
        }
      }
    } catch (HttpCodecException e) {
      if (answer != null) {
        throw refused(answer, authority, url);
      }
      throw new ProxyException(-1, "bad answer from the proxy to CONNECT " + authority
          + ": " + e.getMessage(), url, e);
    }
  }

  private static ProxyException refused(ResponseHead answer, String authority, String url) {
    return new ProxyException(answer.status(), "the proxy refused CONNECT " + authority
        + ": " + answer.status() + " " + answer.reason(), url, null);
  }
}
