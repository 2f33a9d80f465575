package dev.courier.http;

/**
 * Lends the arrays the codecs work in, HTTP/1.1's {@link dev.courier.http.wire.Http1Parser} and
 * {@link dev.courier.http.wire.Http1Writer} and HTTP/2's {@link dev.courier.http.h2.FrameReader},
 * for a server that keeps many connections waiting between messages: each gives its array back
 * when told that it is idle ({@code releaseBuffer()}, {@code releaseScratch()}) and borrows one
 * again when it next needs it, so a few warm arrays serve every connection instead of one each.
 * Without a lender, a parser or writer makes its own arrays and keeps them.
 *
 * <pre>{@code
 * Http1Parser parser = Http1Parser.forRequests(limits);
 * parser.borrowBuffersFrom(lender);
 * ...
 * parser.releaseBuffer();   // between requests: the array goes back to the lender
 * }</pre>
 *
 * <p>Implementations are called from whichever thread serves a connection at the time, so they
 * must be thread-safe; the codec never touches an array after giving it back.
 */
public interface ArrayLender {
  /** An array of at least {@code minLength} bytes, holding anything: the borrower overwrites it. */
  byte[] borrow(int minLength);

  /** Takes back an array {@link #borrow} lent or one the borrower grew itself (a lender may drop it). */
  void giveBack(byte[] array);

  /**
   * A larger array for a borrower of {@code lender} ({@code null}: the borrower makes its own), of
   * at least {@code minLength} bytes and twice {@code old}'s, with {@code live} bytes of {@code old}
   * from {@code from} copied to its start; {@code old} goes back to the lender unless it is empty
   * (a borrower that holds none).
   */
  static byte[] grow(ArrayLender lender, byte[] old, int from, int live, int minLength) {
    int size = Math.max(old.length * 2, minLength);
    byte[] bigger = lender != null ? lender.borrow(size) : new byte[size];
    System.arraycopy(old, from, bigger, 0, live);
    if (lender != null && old.length > 0) lender.giveBack(old);
    return bigger;
  }
}
