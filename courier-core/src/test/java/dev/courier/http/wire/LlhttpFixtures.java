package dev.courier.http.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the llhttp markdown fixtures (test resources {@code conformance/llhttp-md/}) into cases,
 * normalising the raw input as the suite's README describes.
 */
final class LlhttpFixtures {
  static final String ROOT = "/conformance/llhttp-md/";
  static final List<String> FILES = List.of(
      "request/connection.md", "request/content-length.md", "request/finish.md",
      "request/invalid.md", "request/lenient-header-value-relaxed.md",
      "request/lenient-headers.md", "request/lenient-version.md", "request/method.md",
      "request/pausing.md", "request/pipelining.md", "request/sample.md",
      "request/transfer-encoding.md", "request/uri.md", "response/connection.md",
      "response/content-length.md", "response/finish.md", "response/invalid.md",
      "response/lenient-version.md", "response/pausing.md", "response/pipelining.md",
      "response/sample.md", "response/transfer-encoding.md", "url.md");

  /** One fixture: where it is, its meta, the normalised input and the expected log lines. */
  record Case(String file, String name, JsonNode meta, String blockType, byte[] input,
      List<String> log) {
    String id() {
      return file + "#" + name;
    }

    String type() {
      return meta.path("type").asText("");
    }

    @Override
    public String toString() {
      return id();
    }
  }

  private LlhttpFixtures() {}

  static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    for (String file : FILES) cases.addAll(read(file));
    return cases;
  }

  static List<Case> read(String file) {
    String text;
    try (InputStream in = LlhttpFixtures.class.getResourceAsStream(ROOT + file)) {
      if (in == null) throw new IllegalStateException("missing fixture " + file);
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectMapper json = new ObjectMapper();
    List<Case> cases = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    String heading = null;
    JsonNode meta = json.createObjectNode();
    String blockType = null;
    StringBuilder raw = null;
    List<String> log = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("## ") || line.startsWith("### ")) {
        heading = line.substring(line.indexOf(' ') + 1).trim();
        meta = json.createObjectNode();
        raw = null;
      } else if (line.startsWith("<!-- meta=")) {
        try {
          meta = json.readTree(line.substring(10, line.lastIndexOf("-->")).trim());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (line.equals("```http") || line.equals("```url")) {
        blockType = line.substring(3);
        StringBuilder block = new StringBuilder();
        while (!lines[++i].equals("```")) block.append(lines[i]).append('\n');
        raw = block;
      } else if (line.equals("```log") && raw != null) {
        log = new ArrayList<>();
        while (!lines[++i].equals("```")) log.add(expandLog(lines[i]));
        int n = seen.merge(heading, 1, Integer::sum);
        String name = n == 1 ? heading : heading + " (" + n + ")";
        cases.add(new Case(file, name, meta, blockType, normalise(raw.toString()), log));
        raw = null;
      }
    }
    return cases;
  }

  /**
   * The README's normalisation: drop one trailing newline, join lines ending in a backslash, turn
   * newlines into CRLF, then expand {@code \r \n \t \f \xHH \NNN}.
   */
  static byte[] normalise(String block) {
    String s = block.endsWith("\n") ? block.substring(0, block.length() - 1) : block;
    s = s.replace("\\\n", "");
    s = s.replace("\n", "\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != '\\' || i + 1 == bytes.length) {
        out.write(b);
        continue;
      }
      byte next = bytes[i + 1];
      switch (next) {
        case 'r' -> { out.write('\r'); i++; }
        case 'n' -> { out.write('\n'); i++; }
        case 't' -> { out.write('\t'); i++; }
        case 'f' -> { out.write('\f'); i++; }
        case 'x' -> {
          out.write(Integer.parseInt(new String(bytes, i + 2, 2, StandardCharsets.US_ASCII), 16));
          i += 3;
        }
        default -> {
          if (next >= '0' && next <= '7') {
            int j = i + 1;
            int value = 0;
            while (j < bytes.length && j < i + 4 && bytes[j] >= '0' && bytes[j] <= '7') {
              value = value * 8 + (bytes[j] - '0');
              j++;
            }
            out.write(value);
            i = j - 1;
          } else {
            out.write(b);
          }
        }
      }
    }
    return out.toByteArray();
  }

  private static String expandLog(String line) {
    return line.replace("\\t", "\t").replace("\\f", "\f");
  }
}
