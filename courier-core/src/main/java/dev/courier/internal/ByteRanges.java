package dev.courier.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code Range} header of a request for a representation of known length (RFC 9110 section
 * 14.1.2 and 14.2): what to send, or why to send the whole thing.
 *
 * <p>Invalid syntax, an unknown unit or a range whose last position is before its first makes the
 * whole header ignored (RFC 9110 section 14.2: a server MAY ignore it). More than
 * {@link #MAX_RANGES} ranges is treated the same way (the "Apache Killer" request,
 * CVE-2011-3192). Overlapping or out-of-order ranges are sorted and coalesced so the body never
 * exceeds the representation.
 */
public final class ByteRanges {
  /** Ranges accepted in one header; more are ignored (full 200). Browsers and players send 1-2. */
  public static final int MAX_RANGES = 100;

  /** One inclusive range of byte positions. */
  public record Range(long first, long last) {
    public long length() {
      return last - first + 1;
    }
  }

  /** What the parse decided. */
  public sealed interface Result {}

  /** Ignore the header: send the full representation. */
  public record Ignore() implements Result {}

  /** No range overlaps the representation: 416 with {@code Content-Range: bytes *\/length}. */
  public record Unsatisfiable() implements Result {}

  /** Send these ranges (one: a plain 206; several: multipart/byteranges). */
  public record Satisfiable(List<Range> ranges) implements Result {}

  private ByteRanges() {}

  public static Result parse(String header, long length) {
    String h = header.trim();
    int eq = h.indexOf('=');
    if (eq < 0 || !h.substring(0, eq).trim().equalsIgnoreCase("bytes")) return new Ignore();
    String[] specs = h.substring(eq + 1).split(",", -1);
    if (specs.length > MAX_RANGES) return new Ignore();
    List<Range> ranges = new ArrayList<>();
    int nonEmpty = 0;
    for (String raw : specs) {
      String spec = raw.trim();
      if (spec.isEmpty()) continue; // RFC 9110 section 5.6.1: empty list elements are ignored
      nonEmpty++;
      int dash = spec.indexOf('-');
      if (dash < 0) return new Ignore();
      String a = spec.substring(0, dash);
      String b = spec.substring(dash + 1);
      if (a.isEmpty()) {
        long suffix = digits(b);
        if (suffix < 0) return new Ignore();
        if (suffix == 0 || length == 0) continue; // unsatisfiable suffix-range
        ranges.add(new Range(Math.max(0, length - suffix), length - 1));
      } else {
        long first = digits(a);
        if (first < 0) return new Ignore();
        long last;
        if (b.isEmpty()) {
          last = Long.MAX_VALUE;
        } else {
          last = digits(b);
          if (last < 0 || last < first) return new Ignore();
        }
        if (first >= length) continue; // unsatisfiable int-range
        ranges.add(new Range(first, Math.min(last, length - 1)));
      }
    }
    if (nonEmpty == 0) return new Ignore();
    if (ranges.isEmpty()) return new Unsatisfiable();
    return new Satisfiable(coalesce(ranges));
  }

  private static List<Range> coalesce(List<Range> ranges) {
    boolean ascending = true;
    for (int i = 1; i < ranges.size(); i++) {
      if (ranges.get(i).first() <= ranges.get(i - 1).last() + 1) {
        ascending = false;
        break;
      }
    }
    if (ascending) return List.copyOf(ranges);
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(Range::first));
    List<Range> out = new ArrayList<>();
    Range current = sorted.get(0);
    for (int i = 1; i < sorted.size(); i++) {
      Range next = sorted.get(i);
      if (next.first() <= current.last() + 1) {
        current = new Range(current.first(), Math.max(current.last(), next.last()));
      } else {
        out.add(current);
        current = next;
      }
    }
    out.add(current);
    return List.copyOf(out);
  }

  /** A non-negative decimal of ASCII digits, -1 if not one (or if it overflows). */
  public static long digits(String s) {
    if (s.isEmpty() || s.length() > 18) return -1;
    long value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
