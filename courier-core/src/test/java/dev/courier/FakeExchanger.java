package dev.courier;

import dev.courier.client.ClientResponse;
import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A scripted exchanger: records what the bridge sent and answers from a function; no sockets. */
class FakeExchanger implements Exchanger {
  record Sent(Request request, byte[] body, Timeouts timeouts, boolean resendAllowed) {
    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return request.headers().firstValue(name).orElse(null);
    }
  }

  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final AtomicInteger openBodies = new AtomicInteger();
  private final Function<Request, ClientResponse> handler;

  FakeExchanger(Function<Request, ClientResponse> handler) {
    this.handler = handler;
  }

  static ClientResponse response(int status, String body, String... headers) {
    return response(status, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  static ClientResponse response(int status, byte[] body, String... headers) {
    return new ClientResponse(status, dev.courier.http.HttpStatus.lookup(status).map(s -> s.phrase()).orElse(""),
        HttpVersion.HTTP_1_1, Headers.of(headers), new ByteArrayInputStream(body));
  }

  @Override
  public ClientResponse exchange(Request request, Timeouts timeouts, Watchdog watchdog, boolean resendAllowed) {
    byte[] body = new byte[0];
    if (request.body().isPresent()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        request.body().get().writeTo(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      body = out.toByteArray();
    }
    sent.add(new Sent(request, body, timeouts, resendAllowed));
    ClientResponse r = handler.apply(request);
    if (request.method().equals("HEAD")) { // RFC 9112, Section 6.3: a HEAD response has no body
      r = new ClientResponse(r.statusCode(), r.reason(), r.version(), r.headers(), InputStream.nullInputStream());
    }
    openBodies.incrementAndGet();
    InputStream tracked = new java.io.FilterInputStream(r.body()) {
      boolean closed;

      @Override
      public void close() throws IOException {
        if (!closed) openBodies.decrementAndGet();
        closed = true;
        super.close();
      }
    };
    return new ClientResponse(r.statusCode(), r.reason(), r.version(), r.headers(), tracked);
  }

  @Override
  public void close() {}

  Sent last() {
    return sent.get(sent.size() - 1);
  }
}
