/**
 * Courier's testing kit: {@link dev.courier.testing.MockServer}, a scripted HTTP/1.1 and HTTPS
 * server on loopback that any client can talk to; {@link dev.courier.testing.MockTransport}, the
 * same answers in memory under a session's whole chain; route tables and call assertions in the
 * style of {@code responses}; record and replay ({@link dev.courier.testing.Cassette}); and a
 * JUnit 5 extension (JUnit is optional: only {@link dev.courier.testing.MockServerExtension}
 * needs it).
 */
module dev.courier.testing {
  requires transitive dev.courier;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires static transitive org.junit.jupiter.api;

  exports dev.courier.testing;
}
