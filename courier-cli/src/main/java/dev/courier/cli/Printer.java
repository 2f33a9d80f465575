package dev.courier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.Body;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.http.Headers;
import dev.courier.http.wire.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Prints requests and responses as {@link PrintSpec} says: heads as on the wire, JSON bodies
 * indented and coloured on a terminal, other bodies as they came; a binary body is never dumped
 * on a terminal (a one-line note instead), and piped output is the bytes untouched.
 *
 * <pre>{@code
 * Printer printer = new Printer(spec, io);
 * printer.request(sent, HttpVersion.HTTP_2);
 * printer.response(response);
 * }</pre>
 */
final class Printer {
  /** A request body bigger than this is not copied into memory to be shown. */
  private static final long MAX_SHOWN_REQUEST_BODY = 1 << 20;
  private static final int SNIFF = 8192;

  private final PrintSpec spec;
  private final Io io;
  private final PrintStream out;
  private final Ansi ansi;
  private boolean printedSomething;

  Printer(PrintSpec spec, Io io) {
    this.spec = spec;
    this.io = io;
    this.out = io.out();
    this.ansi = spec.ansi();
  }

  /**
   * The request as sent (after the session added Host, framing and the rest), its request line
   * naming {@code version}, the one its connection speaks.
   */
  void request(Request request, HttpVersion version) {
    if (!spec.anyRequest()) return;
    if (printedSomething) text("\n"); // the next attempt's request (--all), after the answer to the one before
    if (spec.requestHead()) {
      String target = request.url().target();
      text(ansi.paint(Ansi.GREEN, request.method()) + " " + ansi.paint(Ansi.CYAN, target) + " "
          + ansi.paint(Ansi.BLUE, version.text()) + "\n");
      headers(request.headers());
      text("\n");
    }
    if (spec.requestBody() && request.body().isPresent()) {
      Body body = request.body().get();
      if (!body.isReplayable() || body.contentLength() > MAX_SHOWN_REQUEST_BODY) {
        text(note("request body not shown (" + describeLength(body.contentLength()) + ")") + "\n");
      } else {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
          body.writeTo(bytes);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the request body", e);
        }
        body(bytes.toByteArray(), body.contentType().orElse(request.headers().firstValue("Content-Type").orElse("")));
        text("\n");
      }
    }
    printedSomething = true;
    out.flush();
  }

  /** The response: head, body and metadata as asked; reads (and so consumes) the body. */
  void response(Response response) {
    if (printedSomething && (spec.responseHead() || spec.responseBody())) text("\n");
    if (spec.responseHead()) {
      int code = response.statusCode();
      String color = Ansi.forStatus(code);
      text(ansi.paint(Ansi.BLUE, response.version().text()) + " " + ansi.paint(color, Integer.toString(code))
          + (response.reason().isEmpty() ? "" : " " + ansi.paint(color, response.reason())) + "\n");
      headers(response.headers());
      if (spec.responseBody()) text("\n");
    }
    if (spec.responseBody() && !response.request().method().equals("HEAD")) {
      responseBody(response);
    }
    if (spec.meta()) {
      if (spec.responseHead() || spec.responseBody()) text("\n");
      double seconds = response.elapsed().toNanos() / 1e9;
      text(ansi.paint(Ansi.CYAN, "Elapsed time") + ": " + String.format(Locale.ROOT, "%.6fs", seconds) + "\n");
    }
    printedSomething = true; // a response after this one (--all) is set apart by a blank line
    out.flush();
  }

  private void responseBody(Response response) {
    String type = response.header("Content-Type").orElse("");
    try (InputStream in = response.stream()) {
      byte[] head = in.readNBytes(SNIFF);
      if (head.length == 0) return;
      if (io.stdoutTerminal() && isBinary(head, type)) {
        String length = response.header("Content-Length").map(l -> l + " bytes").orElse("binary data");
        text(note("binary data not shown in terminal (" + length + (type.isEmpty() ? "" : ", " + type)
            + "); redirect it to a file or a pipe") + "\n");
        return;
      }
      if (spec.format() && isJson(type)) {
        byte[] all = concat(head, in.readAllBytes());
        body(all, type);
        text("\n");
        return;
      }
      out.write(head);
      in.transferTo(out);
      if (io.stdoutTerminal() && head[head.length - 1] != '\n') text("\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the response body", e);
    }
  }

  /** A whole body: JSON formatted when asked and it parses, otherwise as it is. */
  private void body(byte[] bytes, String contentType) {
    if (io.stdoutTerminal() && isBinary(bytes, contentType)) {
      text(note("binary data not shown in terminal (" + bytes.length + " bytes)"));
      return;
    }
    if (spec.format() && isJson(contentType)) {
      try {
        JsonNode node = CliJson.MAPPER.readTree(bytes);
        if (node != null) {
          text(JsonPretty.write(node, ansi));
          return;
        }
      } catch (IOException e) {
        // not JSON after all: shown as it came
      }
    }
    out.write(bytes, 0, bytes.length);
  }

  private void headers(Headers headers) {
    for (int i = 0; i < headers.size(); i++) {
      text(ansi.paint(Ansi.CYAN, headers.name(i)) + ": " + headers.value(i) + "\n");
    }
  }

  private String note(String text) {
    return ansi.paint(Ansi.YELLOW, "NOTE: " + text);
  }

  private void text(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
  }

  private static String describeLength(long length) {
    return length < 0 ? "streamed, length unknown" : length + " bytes";
  }

  static boolean isJson(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    int semi = type.indexOf(';');
    if (semi >= 0) type = type.substring(0, semi);
    type = type.trim();
    return type.equals("application/json") || type.endsWith("+json") || type.equals("text/json")
        || type.equals("application/x-json");
  }

  /**
   * Whether a body is binary: a NUL byte (HTTPie's test) or, unless the type says text, bytes
   * that are not UTF-8 (random bytes rarely are; a cut multi-byte character at the end of the
   * sniffed prefix is forgiven).
   */
  static boolean isBinary(byte[] bytes, String contentType) {
    for (byte b : bytes) {
      if (b == 0) return true;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("text/") || isJson(type) || type.contains("xml") || type.contains("javascript")) return false;
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    var in = java.nio.ByteBuffer.wrap(bytes);
    var result = decoder.decode(in, java.nio.CharBuffer.allocate(bytes.length), true);
    if (!result.isError()) return false;
    return !(result.isMalformed() && in.position() >= bytes.length - 3 && result.length() + in.position() == bytes.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
