package dev.courier.server;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes one line per answered request in the Common Log Format, as Apache's {@code common}
 * format and Python's {@code http.server} do:
 *
 * <pre>
 * 127.0.0.1 - - [22/Nov/2026:00:16:33 +0000] "GET /index.html HTTP/1.1" 200 1043
 * </pre>
 *
 * <p>{@code HttpServer} logs nothing unless given one; {@code courier serve} logs to stderr.
 *
 * <pre>{@code
 * HttpServer.builder().accessLog(AccessLog.to(System.err));
 * HttpServer.builder().accessLog(AccessLog.to(line -> logger.info(line)));
 * }</pre>
 */
public final class AccessLog {
  private static final DateTimeFormatter CLF_DATE =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
  private static final AccessLog OFF = new AccessLog(null, ZoneId.of("UTC"));

  private final Consumer<String> sink;
  private final ZoneId zone;

  private AccessLog(Consumer<String> sink, ZoneId zone) {
    this.sink = sink;
    this.zone = zone;
  }

  /** Logs nothing (the default of {@code HttpServer}). */
  public static AccessLog off() {
    return OFF;
  }

  /** Logs each line to {@code out} (e.g. {@code System.err}), with times in UTC. */
  public static AccessLog to(PrintStream out) {
    Objects.requireNonNull(out, "out");
    return new AccessLog(out::println, ZoneId.of("UTC"));
  }

  /** Hands each line, without a line break, to {@code sink}; called on the connection's thread. */
  public static AccessLog to(Consumer<String> sink) {
    return new AccessLog(Objects.requireNonNull(sink, "sink"), ZoneId.of("UTC"));
  }

  /** This log with times shown in {@code zone}. */
  public AccessLog withZone(ZoneId zone) {
    return new AccessLog(sink, Objects.requireNonNull(zone, "zone"));
  }

  /** True unless this is {@link #off()}. */
  public boolean enabled() {
    return sink != null;
  }

  /**
   * Logs one exchange. {@code requestLine} is the first line as received (quotes and control
   * characters escaped here), {@code bytes} the body bytes sent or -1 for none.
   */
  public void log(InetAddress client, String user, Instant time, String requestLine, int status, long bytes) {
    if (sink == null) return;
    sink.accept(format(client, user, time, requestLine, status, bytes));
  }

  String format(InetAddress client, String user, Instant time, String requestLine, int status, long bytes) {
    StringBuilder line = new StringBuilder(96);
    line.append(client == null ? "-" : client.getHostAddress()).append(" - ")
        .append(user == null || user.isEmpty() ? "-" : escape(user))
        .append(" [").append(CLF_DATE.format(ZonedDateTime.ofInstant(time, zone))).append("] \"")
        .append(escape(requestLine)).append("\" ").append(status).append(' ');
    if (bytes <= 0) line.append('-');
    else line.append(bytes);
    return line.toString();
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20 || c == 0x7f) out.append(String.format("\\x%02x", (int) c));
      else out.append(c);
    }
    return out.toString();
  }
}
