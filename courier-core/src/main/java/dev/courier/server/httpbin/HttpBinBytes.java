package dev.courier.server.httpbin;

import static dev.courier.server.httpbin.HttpBin.MAX_BYTES;
import static dev.courier.server.httpbin.HttpBin.MAX_DELAY;
import static dev.courier.server.httpbin.HttpBin.MAX_DRIP_BYTES;
import static dev.courier.server.httpbin.HttpBin.count;
import static dev.courier.server.httpbin.HttpBin.number;
import static dev.courier.server.httpbin.HttpBinEcho.JSON;
import static dev.courier.server.httpbin.HttpBinEcho.echo;
import static dev.courier.server.httpbin.HttpBinEcho.headers;
import static dev.courier.server.httpbin.HttpBinEcho.json;
import static dev.courier.server.httpbin.HttpBinEcho.obj;
import static dev.courier.server.httpbin.HttpBinEcho.origin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.internal.ByteRanges;
import dev.courier.server.ErrorPages;
import dev.courier.server.ServerRequest;
import dev.courier.server.ServerResponse;
import dev.courier.server.ServerResponseBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The timing and content endpoints of {@link HttpBin}: {@code /delay}, {@code /gzip}, {@code /deflate},
 * {@code /bytes}, {@code /stream}, {@code /stream-bytes}, {@code /drip} and {@code /range}.
 */
final class HttpBinBytes {
  private HttpBinBytes() {}


  static ServerResponse delay(ServerRequest req) throws InterruptedException {
    Duration d = seconds(req.pathParam("n").orElse("0"), MAX_DELAY);
    Thread.sleep(d);
    return json(200, echo(req, true, false));
  }

  /** A number of seconds (decimals allowed), capped; NumberFormatException when it is none. */
  static Duration seconds(String value, Duration cap) {
    double s = Double.parseDouble(value);
    if (!(s >= 0)) throw new NumberFormatException(value);
    long millis = (long) Math.min(s * 1000, cap.toMillis());
    return Duration.ofMillis(millis);
  }

  static ServerResponse compressed(ServerRequest req, String coding) throws IOException {
    ObjectNode node = obj().put(coding.equals("gzip") ? "gzipped" : "deflated", true);
    node.set("headers", headers(req));
    node.put("method", req.method());
    node.put("origin", origin(req));
    byte[] plain = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (var out = coding.equals("gzip") ? new GZIPOutputStream(buffer) : new DeflaterOutputStream(buffer)) {
      out.write(plain);
    }
    return ServerResponse.builder(200).contentType("application/json").header("Content-Encoding", coding)
        .body(ServerResponseBody.of(buffer.toByteArray())).build();
  }

  static Random random(ServerRequest req) {
    return req.queryParam("seed").map(s -> new Random(Long.parseLong(s))).orElseGet(Random::new);
  }

  static ServerResponse bytes(ServerRequest req) {
    int n = Math.min(count(req), MAX_BYTES);
    byte[] data = new byte[n];
    random(req).nextBytes(data);
    return ServerResponse.builder(200).contentType("application/octet-stream").body(ServerResponseBody.of(data)).build();
  }

  static ServerResponse stream(ServerRequest req) {
    int n = Math.min(count(req), 100);
    ObjectNode template = echo(req, false, false);
    return ServerResponse.builder(200).contentType("application/json").body(ServerResponseBody.writer(out -> {
      for (int i = 0; i < n; i++) {
        ObjectNode line = template.deepCopy().put("id", i);
        out.write(JSON.writeValueAsBytes(line));
        out.write('\n');
        out.flush();
      }
    })).build();
  }

  static ServerResponse streamBytes(ServerRequest req) {
    int n = Math.min(count(req), MAX_BYTES);
    int chunk = req.queryParam("chunk_size").map(Integer::parseInt).orElse(10 * 1024);
    if (chunk < 1) throw new NumberFormatException("chunk_size");
    Random random = random(req);
    return ServerResponse.builder(200).contentType("application/octet-stream").body(ServerResponseBody.writer(out -> {
      byte[] buffer = new byte[Math.min(chunk, n == 0 ? 1 : n)];
      int left = n;
      while (left > 0) {
        int size = Math.min(buffer.length, left);
        for (int i = 0; i < size; i++) buffer[i] = (byte) random.nextInt(256);
        out.write(buffer, 0, size);
        out.flush();
        left -= size;
      }
    })).build();
  }

  static ServerResponse drip(ServerRequest req) throws InterruptedException {
    Duration duration = seconds(req.queryParam("duration").orElse("2"), MAX_DELAY);
    Duration delay = seconds(req.queryParam("delay").orElse("0"), MAX_DELAY);
    long numbytes = ByteRanges.digits(req.queryParam("numbytes").orElse("10"));
    if (numbytes < 0) throw new NumberFormatException("numbytes");
    int n = (int) Math.min(numbytes, MAX_DRIP_BYTES);
    long code = ByteRanges.digits(req.queryParam("code").orElse("200"));
    if (code < 200 || code > 599) return ErrorPages.response(400, req, "code must be 200-599");
    Thread.sleep(delay);
    // Pace in at most 1000 steps so a big numbytes does not mean a million sleeps.
    int steps = Math.max(1, Math.min(n, 1000));
    long pauseNanos = n == 0 ? 0 : duration.toNanos() / steps;
    return ServerResponse.builder((int) code).contentType("application/octet-stream")
        .body(ServerResponseBody.writer(n, out -> {
          byte[] star = new byte[(n + steps - 1) / steps];
          java.util.Arrays.fill(star, (byte) '*');
          int left = n;
          for (int i = 0; i < steps && left > 0; i++) {
            int size = Math.min(star.length, left);
            out.write(star, 0, size);
            out.flush();
            left -= size;
            if (pauseNanos > 0) {
              try {
                Thread.sleep(Duration.ofNanos(pauseNanos));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("drip interrupted");
              }
            }
          }
        })).build();
  }

  static ServerResponse range(ServerRequest req) {
    int n = count(req);
    if (n > MAX_BYTES) {
      return ErrorPages.response(404, req, "number of bytes must be in the range (0, " + MAX_BYTES + "]");
    }
    byte[] all = new byte[n];
    for (int i = 0; i < n; i++) all[i] = (byte) ('a' + i % 26);
    String etag = "range" + n;
    ServerResponse.Builder out = ServerResponse.builder(200).contentType("application/octet-stream")
        .header("ETag", etag).header("Accept-Ranges", "bytes");
    String header = req.header("Range").orElse(null);
    if (header != null) {
      ByteRanges.Result result = ByteRanges.parse(header, n);
      if (result instanceof ByteRanges.Unsatisfiable) {
        return ServerResponse.builder(416).header("ETag", etag).header("Accept-Ranges", "bytes")
            .header("Content-Range", "bytes */" + n).build();
      }
      if (result instanceof ByteRanges.Satisfiable s) {
        ByteRanges.Range first = s.ranges().get(0);
        ByteRanges.Range last = s.ranges().get(s.ranges().size() - 1);
        int from = (int) first.first();
        int to = (int) (s.ranges().size() == 1 ? first.last() : last.last());
        return out.status(206).header("Content-Range", "bytes " + from + "-" + to + "/" + n)
            .body(ServerResponseBody.of(java.util.Arrays.copyOfRange(all, from, to + 1))).build();
      }
    }
    return out.body(ServerResponseBody.of(all)).build();
  }
}
