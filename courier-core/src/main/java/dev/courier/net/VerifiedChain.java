package dev.courier.net;

import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chain that really vouches for a server's certificate, for pinning: from the leaf, each next
 * certificate is one that signed the one before, taken from what the server sent and then from
 * the trust anchors; certificates the server sent that sign nothing in the chain are dropped.
 * Pinning the chain as sent would let a server append a pinned CA's public certificate to a chain
 * issued by another CA (OkHttp's CVE-2016-2402).
 */
final class VerifiedChain {
  /** Longer chains than this are refused (real ones have 2 to 4 certificates). */
  private static final int MAX_LENGTH = 10;

  private VerifiedChain() {}

  static List<X509Certificate> of(Certificate[] peer, List<X509Certificate> anchors) {
    List<X509Certificate> pool = new ArrayList<>();
    for (Certificate c : Arrays.asList(peer).subList(1, peer.length)) {
      if (c instanceof X509Certificate x) pool.add(x);
    }
    List<X509Certificate> chain = new ArrayList<>();
    X509Certificate current = (X509Certificate) peer[0];
    chain.add(current);
    while (chain.size() < MAX_LENGTH && !selfSigned(current)) {
      X509Certificate issuer = issuerIn(current, anchors);
      if (issuer != null) {
        if (!chain.contains(issuer)) chain.add(issuer);
        break; // a trust anchor ends the chain
      }
      issuer = issuerIn(current, pool);
      if (issuer == null) break;
      pool.remove(issuer);
      chain.add(issuer);
      current = issuer;
    }
    return chain;
  }

  private static X509Certificate issuerIn(X509Certificate child, List<X509Certificate> candidates) {
    for (X509Certificate candidate : candidates) {
      if (signed(candidate, child)) return candidate;
    }
    return null;
  }

  private static boolean selfSigned(X509Certificate c) {
    return signed(c, c);
  }

  private static boolean signed(X509Certificate issuer, X509Certificate child) {
    if (!issuer.getSubjectX500Principal().equals(child.getIssuerX500Principal())) return false;
    try {
      child.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
