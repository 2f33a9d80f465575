package dev.courier.http.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table-driven corpus under {@code src/test/resources/dev/courier/http/wire/}: cases of raw
 * bytes and the events (or error) they must give. The format, by example:
 *
 * <pre>
 * === CL.TE: both framing fields        (a case, named)
 * kind request                          (request or response)
 * methods HEAD GET                      (responses: the methods of the requests, in order)
 * eof                                   (the peer closes after the input)
 * &lt;&lt;&lt;
 * POST / HTTP/1.1\r\n                     (input lines are joined without their line breaks;
 * Host: a\r\n                             escapes \r \n \t \\ \xHH; {{text*N}} repeats text)
 * \r\n
 * &gt;&gt;&gt;
 * request POST / HTTP/1.1               (expected events, one a line; body lines are joined)
 * field Host: a
 * end keep-alive                        (end keep-alive | end close | end tunnel)
 * error 400 Content-Length together     (the status and a fragment of the message)
 * </pre>
 */
final class Corpus {
  private static final Pattern REPEAT = Pattern.compile("\\{\\{(.*?)\\*(\\d+)\\}\\}");
  private static final Pattern WHOLE_LINE_REPEAT = Pattern.compile("^\\{\\{(.*)\\*(\\d+)\\}\\}$");

  record Case(String file, String name, boolean requests, List<String> methods, boolean eof,
      byte[] input, List<String> expected) {
    @Override
    public String toString() {
      return file + ": " + name;
    }

    boolean expectsError() {
      return !expected.isEmpty() && expected.get(expected.size() - 1).startsWith("error ");
    }
  }

  private Corpus() {}

  static List<Case> read(String file) {
    String text;
    try (InputStream in = Corpus.class.getResourceAsStream(file)) {
      if (in == null) throw new IllegalStateException("missing corpus " + file);
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Case> cases = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      if (!line.startsWith("=== ")) {
        i++;
        continue;
      }
      String name = line.substring(4).trim();
      boolean requests = true;
      List<String> methods = List.of();
      boolean eof = false;
      StringBuilder input = new StringBuilder();
      List<String> expected = new ArrayList<>();
      i++;
      while (i < lines.length && !lines[i].equals("<<<")) {
        String option = lines[i++].trim();
        if (option.equals("kind request")) {
          requests = true;
        } else if (option.equals("kind response")) {
          requests = false;
        } else if (option.startsWith("methods ")) {
          methods = List.of(option.substring(8).trim().split(" +"));
        } else if (option.equals("eof")) {
          eof = true;
        } else if (!option.isEmpty() && !option.startsWith("#")) {
          throw new IllegalStateException(file + ": unknown option in " + name + ": " + option);
        }
      }
      i++;
      while (!lines[i].equals(">>>")) input.append(lines[i++]);
      i++;
      while (i < lines.length && !lines[i].startsWith("=== ")) {
        String e = lines[i++];
        if (e.isBlank() || e.startsWith("#")) continue;
        Matcher whole = WHOLE_LINE_REPEAT.matcher(e.strip());
        if (whole.matches()) {
          for (int n = Integer.parseInt(whole.group(2)); n > 0; n--) expected.add(whole.group(1));
        } else {
          expected.add(expandRepeats(e.strip()));
        }
      }
      cases.add(new Case(file, name, requests, methods, eof, unescape(input.toString()),
          expected));
    }
    return cases;
  }

  static String expandRepeats(String s) {
    Matcher m = REPEAT.matcher(s);
    StringBuilder expanded = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(expanded,
          Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
    }
    m.appendTail(expanded);
    return expanded.toString();
  }

  /** Expands {@code {{text*N}}}, then {@code \r \n \t \\ \xHH}. */
  static byte[] unescape(String s) {
    String expanded = expandRepeats(s);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = expanded.toString().getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\\') {
        out.write(bytes[i]);
        continue;
      }
      char c = (char) bytes[++i];
      switch (c) {
        case 'r' -> out.write('\r');
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case '\\' -> out.write('\\');
        case 'x' -> {
          out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
          i += 2;
        }
        default -> throw new IllegalArgumentException("unknown escape \\" + c + " in " + s);
      }
    }
    return out.toByteArray();
  }

  /** Escapes bytes for an expected-event line: the inverse of {@link #unescape}. */
  static String escape(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      switch (c) {
        case '\r' -> s.append("\\r");
        case '\n' -> s.append("\\n");
        case '\t' -> s.append("\\t");
        case '\\' -> s.append("\\\\");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            s.append(String.format("\\x%02x", c));
          } else {
            s.append((char) c);
          }
        }
      }
    }
    return s.toString();
  }

  static String escape(String latin1) {
    return escape(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }
}
