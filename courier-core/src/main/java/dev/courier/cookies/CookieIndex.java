package dev.courier.cookies;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The jar's storage, indexed by cookie domain, with the limits and eviction of {@link
 * CookieLimits}. Not thread-safe: {@link CookieJar} guards every call with its lock.
 *
 * <p>Theory of operation: each cookie sits in the bucket of its domain ({@code example.com} for
 * both a host-only cookie of that host and a {@code Domain=example.com} cookie). A request to
 * {@code a.b.example.com} reads the buckets of {@code a.b.example.com}, {@code b.example.com},
 * {@code example.com} and {@code com}: one hash probe per label, whatever the jar's size. Buckets
 * are grouped by registrable domain (eTLD+1), the unit of the per-domain limit, so that many
 * subdomains cannot together exceed it. Eviction removes an expired cookie if there is one, else
 * the least recently used (RFC 6265 section 5.3 step 12; "used" counts storing and sending).
 */
final class CookieIndex {
  static final class Entry {
    Cookie cookie;
    final long seq;
    long lastAccess;
    final String group;

    Entry(Cookie cookie, long seq, long lastAccess, String group) {
      this.cookie = cookie;
      this.seq = seq;
      this.lastAccess = lastAccess;
      this.group = group;
    }
  }

  private static final class Group {
    int count;
    final Set<String> domains = new HashSet<>();
  }

  /** Section 5.8.3 step 2: longer paths first, then earlier creation (then insertion order). */
  static final Comparator<Entry> ORDER =
      Comparator.<Entry>comparingInt(e -> -e.cookie.path().length())
          .thenComparing(e -> e.cookie.creationTime())
          .thenComparingLong(e -> e.seq);

  private final CookieLimits limits;
  private final Map<String, List<Entry>> buckets = new HashMap<>();
  private final Map<String, Group> groups = new HashMap<>();
  /** Written under the jar's lock; volatile so that {@link CookieJar#isEmpty()} can read it without. */
  private volatile int size;
  private long sequence;
  private long tick;

  CookieIndex(CookieLimits limits) {
    this.limits = limits;
  }

  int size() {
    return size;
  }

  /**
   * Stores a cookie, replacing the one with the same identity (section 5.7 step 23). With {@code
   * keepOldCreation} the new cookie keeps the old one's creation time and place in order. With a
   * non-null {@code now}, an expired cookie only deletes (step 25, and Max-Age=0).
   */
  void put(Cookie cookie, String group, Instant now, boolean keepOldCreation) {
    List<Entry> bucket = buckets.computeIfAbsent(cookie.domain(), k -> new ArrayList<>(4));
    long seq = -1;
    for (Iterator<Entry> it = bucket.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.cookie.sameIdentity(cookie)) {
        if (keepOldCreation) {
          cookie = cookie.toBuilder().creationTime(e.cookie.creationTime()).build();
          seq = e.seq;
        }
        it.remove();
        counted(e);
        break;
      }
    }
    if (now != null && cookie.isExpired(now)) {
      if (bucket.isEmpty()) dropBucket(cookie.domain(), group);
      return;
    }
    Entry entry = new Entry(cookie, seq >= 0 ? seq : sequence++, ++tick, group);
    bucket.add(entry);
    size++;
    Group g = groups.computeIfAbsent(group, k -> new Group());
    g.count++;
    g.domains.add(cookie.domain());
    if (g.count > limits.maxCookiesPerDomain()) evict(g.domains, entry, now);
    if (size > limits.maxCookies()) evict(buckets.keySet(), entry, now);
  }

  /**
   * Section 5.7 step 16: whether a Secure cookie with the same name exists whose domain
   * domain-matches the new one's (or the reverse) and whose path the new path path-matches.
   */
  boolean shadowsSecureCookie(Cookie cookie, String group) {
    Group g = groups.get(group);
    if (g == null) return false;
    for (String key : g.domains) {
      for (Entry e : buckets.getOrDefault(key, List.of())) {
        Cookie old = e.cookie;
        if (old.secure()
            && old.name().equals(cookie.name())
            && (CookieMatching.domainMatches(old.domain(), cookie.domain())
                || CookieMatching.domainMatches(cookie.domain(), old.domain()))
            && CookieMatching.pathMatches(cookie.path(), old.path())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The cookies for a request to {@code host} and {@code path} that {@code visible} lets through,
   * in section 5.8.3 order, marked as used. Expired cookies met on the way are removed.
   */
  List<Cookie> lookup(String host, String path, Instant now, Predicate<Cookie> visible) {
    List<Entry> found = new ArrayList<>();
    collect(host, host, path, now, visible, found);
    if (!CookieMatching.isIpAddress(host)) {
      for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
        collect(host.substring(dot + 1), host, path, now, visible, found);
      }
    }
    if (found.size() > 1) found.sort(ORDER);
    List<Cookie> out = new ArrayList<>(found.size());
    for (Entry e : found) {
      e.lastAccess = ++tick;
      out.add(e.cookie);
    }
    return out;
  }

  private void collect(
      String key, String host, String path, Instant now, Predicate<Cookie> visible, List<Entry> found) {
    List<Entry> bucket = buckets.get(key);
    if (bucket == null) return;
    for (int i = 0; i < bucket.size(); i++) {
      Entry e = bucket.get(i);
      Cookie c = e.cookie;
      if (c.isExpired(now)) {
        remove(e);
        if (!buckets.containsKey(key)) return; // that was the bucket's last cookie
        i--;
        continue;
      }
      // A bucket below the host holds domain cookies that domain-match it by construction; its
      // host-only cookies belong to that other host.
      if (c.hostOnly() && !key.equals(host)) continue;
      if (!CookieMatching.pathMatches(path, c.path())) continue;
      if (!visible.test(c)) continue;
      found.add(e);
    }
  }

  /** Every entry, in the given order. */
  List<Cookie> all(Comparator<Entry> order) {
    List<Entry> all = new ArrayList<>(size);
    for (List<Entry> bucket : buckets.values()) all.addAll(bucket);
    all.sort(order);
    List<Cookie> out = new ArrayList<>(all.size());
    for (Entry e : all) out.add(e.cookie);
    return out;
  }

  int removeIf(Predicate<? super Cookie> filter) {
    List<Entry> doomed = new ArrayList<>();
    for (List<Entry> bucket : buckets.values()) {
      for (Entry e : bucket) {
        if (filter.test(e.cookie)) doomed.add(e);
      }
    }
    for (Entry e : doomed) remove(e);
    return doomed.size();
  }

  /** Evicts one cookie among the buckets named: an expired one first, else the least recently used. */
  private void evict(Set<String> domains, Entry keep, Instant now) {
    Entry victim = null;
    outer:
    for (String key : domains) {
      for (Entry e : buckets.getOrDefault(key, List.of())) {
        if (e == keep) continue;
        if (now != null && e.cookie.isExpired(now)) {
          victim = e;
          break outer;
        }
        if (victim == null || e.lastAccess < victim.lastAccess) victim = e;
      }
    }
    if (victim != null) remove(victim);
  }

  private void remove(Entry e) {
    List<Entry> bucket = buckets.get(e.cookie.domain());
    if (bucket != null && bucket.remove(e)) {
      if (bucket.isEmpty()) dropBucket(e.cookie.domain(), e.group);
      counted(e);
    }
  }

  private void dropBucket(String domain, String group) {
    buckets.remove(domain);
    Group g = groups.get(group);
    if (g != null) g.domains.remove(domain);
  }

  private void counted(Entry e) {
    size--;
    Group g = groups.get(e.group);
    if (g != null && --g.count == 0) groups.remove(e.group);
  }
}
