package dev.courier.http.h2;

import java.util.Arrays;

/** A growable octet buffer for the HPACK encoder: reused across field blocks. */
final class ByteSink {
  private byte[] b = new byte[256];
  private int n;

  void put(int octet) {
    if (n == b.length) b = Arrays.copyOf(b, n * 2);
    b[n++] = (byte) octet;
  }

  void put(String latin1) {
    for (int i = 0; i < latin1.length(); i++) put(latin1.charAt(i));
  }

  int size() {
    return n;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(b, n);
  }

  void clear() {
    n = 0;
  }
}
