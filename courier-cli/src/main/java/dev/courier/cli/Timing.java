package dev.courier.cli;

import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.error.CourierException;
import dev.courier.net.Endpoint;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSession;

/**
 * {@code --timing}: where the time of one call went, phase by phase, from the session's {@link
 * EventListener} (as {@code curl -w} reports {@code time_namelookup}, {@code time_connect}...).
 * Phases of several attempts (redirects followed, an auth challenge answered) add up; the table
 * says how many requests there were.
 *
 * <pre>{@code
 * Timing timing = new Timing();
 * Session.builder().eventListener(timing)...;
 * timing.table(ansi);   // "  DNS lookup       0.4 ms ..."
 * }</pre>
 */
final class Timing implements EventListener {
  private long callStart = -1;
  private long callEnd = -1;
  private long dns;
  private long connect;
  private long tls;
  private long send;
  private long wait;
  private long transfer;
  private int attempts;
  private int reused;
  private String tlsVersion;
  // marks of the attempt in progress
  private long mark;
  private long tcpStart;
  private long sentAt;
  private long firstByteAt;

  @Override
  public void callStart(Request call) {
    callStart = System.nanoTime();
  }

  @Override
  public void dnsStart(Request request, String host) {
    mark = System.nanoTime();
  }

  @Override
  public void dnsEnd(Request request, String host, List<InetAddress> addresses) {
    dns += System.nanoTime() - mark;
  }

  @Override
  public void connectStart(Request request, Endpoint endpoint) {
    tcpStart = System.nanoTime();
  }

  @Override
  public void secureConnectStart(Request request) {
    long now = System.nanoTime();
    connect += now - tcpStart;
    tcpStart = -1; // the TCP part ended here
    mark = now;
  }

  @Override
  public void secureConnectEnd(Request request, SSLSession session) {
    tls += System.nanoTime() - mark;
    tlsVersion = session.getProtocol();
  }

  @Override
  public void connectEnd(Request request, Endpoint endpoint) {
    if (tcpStart >= 0) connect += System.nanoTime() - tcpStart;
  }

  @Override
  public void connectFailed(Request request, Endpoint endpoint, CourierException failure) {
    connectEnd(request, endpoint);
  }

  @Override
  public void connectionAcquired(Request request, boolean isReused) {
    attempts++;
    if (isReused) reused++;
    mark = System.nanoTime();
  }

  @Override
  public void requestBodyEnd(Request request) {
    sentAt = System.nanoTime();
    send += sentAt - mark;
  }

  @Override
  public void responseHeadersStart(Request request) {
    firstByteAt = System.nanoTime();
    wait += firstByteAt - sentAt;
  }

  @Override
  public void responseBodyEnd(Request request, long bytes) {
    transfer += System.nanoTime() - firstByteAt;
  }

  @Override
  public void callEnd(Request call) {
    callEnd = System.nanoTime();
  }

  @Override
  public void callFailed(Request call, RuntimeException failure) {
    callEnd = System.nanoTime();
  }

  /** Whether a call was made (nothing to show for {@code --offline}). */
  boolean started() {
    return callStart >= 0;
  }

  /** The table, one phase a line, with the time each phase took and when it ended since the start. */
  String table(Ansi ansi) {
    long total = (callEnd >= 0 ? callEnd : System.nanoTime()) - callStart;
    List<String[]> rows = new ArrayList<>();
    long at = 0;
    at += dns;
    rows.add(row("DNS lookup", dns, at));
    at += connect;
    rows.add(row("TCP connect", connect, at));
    at += tls;
    rows.add(row(tlsVersion == null ? "TLS handshake" : "TLS handshake (" + tlsVersion + ")", tls, at));
    at += send;
    rows.add(row("Request sent", send, at));
    at += wait;
    rows.add(row("Waiting (TTFB)", wait, at));
    at += transfer;
    rows.add(row("Content transfer", transfer, at));
    // what the phases do not cover: the session's own work (defaults, cookies, the bridge),
    // loading the classes of a first call, reading and printing the body
    rows.add(row("Client's own work", Math.max(0, total - at), Math.max(total, at)));
    StringBuilder out = new StringBuilder();
    String note = attempts == 0 ? "no request sent"
        : attempts + (attempts == 1 ? " request" : " requests") + ", " + (reused == 0 ? "new connection"
            : reused == attempts ? "pooled connection" : reused + " on a pooled connection");
    out.append(ansi.paint(Ansi.CYAN, "Timing")).append(" (").append(note).append(")\n");
    out.append(String.format(Locale.ROOT, "  %-26s %10s %10s%n", "", "took", "total"));
    for (String[] r : rows) {
      out.append(String.format(Locale.ROOT, "  %-26s %10s %10s%n", r[0], r[1], r[2]));
    }
    // padded before painting: escape codes would count as width
    out.append("  ").append(ansi.paint(Ansi.BOLD, String.format(Locale.ROOT, "%-26s %10s %10s", "Total", "", millis(total))))
        .append('\n');
    return out.toString();
  }

  private static String[] row(String name, long nanos, long at) {
    return new String[] {name, nanos == 0 ? "-" : millis(nanos), nanos == 0 ? "" : millis(at)};
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }
}
