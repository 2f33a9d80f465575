package dev.courier.http.h2;

import java.util.Objects;

/**
 * One field of an HTTP/2 field section as HPACK carries it (RFC 7541 §1.3): a name and a value,
 * octets held as ISO-8859-1 characters, and whether it is sensitive. A sensitive field is encoded
 * as a never-indexed literal (§6.2.3), so that no intermediary ever compresses it (§7.1.3); a
 * decoded never-indexed field comes back sensitive, so that a proxy keeps it so.
 *
 * <p>Names and values are not validated here beyond being octets: HTTP/2 field rules (lower case,
 * no connection-specific fields, RFC 9113 §8.2) belong to the message layer.
 *
 * <pre>{@code
 * List<HeaderField> fields = List.of(
 *     new HeaderField(":method", "GET"),
 *     new HeaderField("authorization", "Bearer abc", true));
 * }</pre>
 */
public record HeaderField(String name, String value, boolean sensitive) {
  /** RFC 7541 §4.1: each entry costs 32 octets beyond its name and value. */
  public static final int ENTRY_OVERHEAD = 32;

  /**
   * A field; every character must be an octet (at most U+00FF).
   *
   * @throws IllegalArgumentException naming the offending character and its index
   */
  public HeaderField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    requireOctets(name, "name");
    requireOctets(value, "value");
  }

  /** A field that is not sensitive. */
  public HeaderField(String name, String value) {
    this(name, value, false);
  }

  /** RFC 7541 §4.1: the size of the field in the dynamic table, and in a header list (RFC 9113 §6.5.2). */
  public int size() {
    return name.length() + value.length() + ENTRY_OVERHEAD;
  }

  private static void requireOctets(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xff) {
        throw new IllegalArgumentException(String.format(
            "unexpected char U+%04X at %d in header %s: HPACK carries octets", (int) s.charAt(i), i, what));
      }
    }
  }
}
