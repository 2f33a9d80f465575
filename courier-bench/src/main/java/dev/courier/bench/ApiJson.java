package dev.courier.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A page of a JSON API's answer, the size such pages come in (about 8 KB of records), for the
 * client benchmark's compressed body ({@code ClientLoad --body gzip}).
 */
final class ApiJson {
  /** Records in the page. */
  static final int RECORDS = 50;

  /** The page, as the server stores it before compressing. */
  static final String PAGE = page();

  private ApiJson() {}

  private static String page() {
    StringBuilder json = new StringBuilder("{\"page\":1,\"per_page\":" + RECORDS + ",\"items\":[");
    Random random = new Random(50);
    for (int i = 0; i < RECORDS; i++) {
      if (i > 0) json.append(',');
      json.append("{\"id\":").append(10_000 + i).append(",\"login\":\"user").append(random.nextInt(100_000))
          .append("\",\"email\":\"user").append(i).append("@example.com\",\"active\":").append(random.nextBoolean())
          .append(",\"score\":").append(random.nextInt(1_000_000)).append(",\"created_at\":\"2026-")
          .append(String.format(java.util.Locale.ROOT, "%02d-%02dT%02d:%02d:00Z", 1 + random.nextInt(12),
              1 + random.nextInt(28), random.nextInt(24), random.nextInt(60)))
          .append("\",\"tags\":[\"alpha\",\"beta\"]}");
    }
    return json.append("],\"next\":\"/users?page=2\"}\n").toString();
  }

  /** The page's length once gzip-compressed as nginx's {@code gzip_static} file holds it. */
  static int gzippedLength() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(PAGE.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size();
  }

  /**
   * Fails unless client {@code name}, fetching {@code loggedUrl} once, was answered with gzip (the
   * last line nginx logged there): a client that did not ask would be measured on other bytes.
   */
  static void checkAsksForGzip(String name, String loggedUrl, Path log) throws Exception {
    try (LoadClient once = LoadClient.create(name, loggedUrl, null, true)) {
      String body = new String(once.get(), StandardCharsets.UTF_8);
      if (!body.equals(PAGE)) throw new IllegalStateException(name + " read " + body);
    }
    List<String> lines = Files.readAllLines(log);
    String last = lines.isEmpty() ? "(nothing logged)" : lines.get(lines.size() - 1);
    if (!last.equals("gzip")) throw new IllegalStateException(name + " was answered with Content-Encoding " + last);
  }
}
