package dev.courier.cookies;

import java.util.Locale;

/**
 * The {@code SameSite} attribute of a cookie (RFC 6265bis section 4.1.2.7 and 5.6.7).
 *
 * <pre>{@code
 * SetCookie.parse("sid=1; SameSite=lax").sameSite();   // SameSite.LAX
 * SetCookie.parse("sid=1; SameSite=bogus").sameSite(); // SameSite.DEFAULT
 * }</pre>
 */
public enum SameSite {
  /** Sent only with same-site requests. */
  STRICT("Strict"),
  /** Sent with same-site requests and with cross-site top-level navigations by a safe method. */
  LAX("Lax"),
  /** Sent with every request; browsers require {@code Secure} with it (RFC 6265bis section 5.7). */
  NONE("None"),
  /**
   * No (or no recognised) {@code SameSite} attribute: the "Default" enforcement mode. The jar
   * treats it as {@link #NONE} unless {@link CookiePolicy.Builder#laxByDefault(boolean)} is set.
   */
  DEFAULT("");

  private final String attributeValue;

  SameSite(String attributeValue) {
    this.attributeValue = attributeValue;
  }

  /** The attribute value as written in a {@code Set-Cookie} header ("Strict", "Lax", "None"; "" for DEFAULT). */
  public String attributeValue() {
    return attributeValue;
  }

  /** RFC 6265bis section 5.6.7: "None", "Strict" or "Lax", case-insensitively; anything else is DEFAULT. */
  public static SameSite fromAttributeValue(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "strict" -> STRICT;
      case "lax" -> LAX;
      default -> DEFAULT;
    };
  }
}
