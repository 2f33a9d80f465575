package dev.courier.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version Maven wrote into {@code version.properties} at build time. Apart from
 * {@link VersionProvider}, which implements a picocli interface: a request reads its User-Agent
 * here without loading picocli.
 *
 * <pre>{@code
 * String userAgent = "courier/" + Version.current();   // "courier/0.1.0-SNAPSHOT"
 * }</pre>
 */
final class Version {
  private Version() {}

  static String current() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) return "unknown";
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
