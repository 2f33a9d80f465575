package dev.courier.internal;

/**
 * Where an HTTP/2 connection's reader gets the arrays it copies DATA payloads into, and where a
 * {@link BodyQueue} gives each back once it has read all of it: {@link PayloadArrays#SHARED} for
 * the process, {@link ConnectionPayloads} for one busy connection.
 */
public interface PayloadPool {
  /** An array of exactly {@code length} bytes, holding anything: the caller overwrites all of it. */
  byte[] take(int length);

  /** Takes back an array whose bytes were all read; the caller must not touch it afterwards. */
  void giveBack(byte[] array);
}
