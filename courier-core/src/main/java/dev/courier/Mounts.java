package dev.courier;

import dev.courier.http.Url;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which {@link Adapter} answers a URL, as requests' {@code Session.mount}: the adapter of the
 * longest prefix the URL starts with, else the default. The scheme and host are compared without
 * regard to case (they are case-insensitive, RFC 3986, Sections 3.1 and 3.2.2); the path is
 * compared as it is. Immutable.
 */
final class Mounts {
  private record Mount(String prefix, Adapter adapter) {}

  private final List<Mount> mounts; // longest prefix first
  private final Adapter fallback;

  /** {@code byPrefix}: prefix as given → adapter; a later mount of the same prefix has replaced an earlier one. */
  Mounts(Map<String, Adapter> byPrefix, Adapter fallback) {
    List<Mount> list = new ArrayList<>();
    Map<String, Adapter> normalized = new LinkedHashMap<>();
    byPrefix.forEach((prefix, adapter) -> normalized.put(normalize(prefix), adapter));
    normalized.forEach((prefix, adapter) -> list.add(new Mount(prefix, adapter)));
    list.sort((a, b) -> Integer.compare(b.prefix.length(), a.prefix.length()));
    this.mounts = List.copyOf(list);
    this.fallback = fallback;
  }

  /** The adapter for {@code url}. */
  Adapter select(Url url) {
    if (mounts.isEmpty()) return fallback;
    String text = normalize(url.toUnredactedString());
    for (Mount m : mounts) {
      if (text.startsWith(m.prefix)) return m.adapter;
    }
    return fallback;
  }

  /** Every adapter once (one mounted under two prefixes is closed once). */
  Set<Adapter> all() {
    Set<Adapter> all = Collections.newSetFromMap(new IdentityHashMap<>());
    all.add(fallback);
    for (Mount m : mounts) all.add(m.adapter);
    return all;
  }

  /**
   * Lower-cases the scheme and the authority (up to the first {@code /}, {@code ?} or {@code #}
   * after {@code ://}); text without {@code ://} is a scheme or part of one and is lower-cased whole.
   */
  static String normalize(String prefix) {
    int sep = prefix.indexOf("://");
    if (sep < 0) return prefix.toLowerCase(Locale.ROOT);
    int end = prefix.length();
    for (int i = sep + 3; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return prefix.substring(0, end).toLowerCase(Locale.ROOT) + prefix.substring(end);
  }
}
