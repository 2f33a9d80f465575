/**
 * Courier's testing kit: {@link dev.courier.testing.MockServer}, a scripted HTTP/1.1 and HTTPS
 * server on loopback that any client can talk to, and a JUnit 5 extension for it (JUnit is
 * optional: only {@link dev.courier.testing.MockServerExtension} needs it).
 */
module dev.courier.testing {
  requires transitive dev.courier;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires static transitive org.junit.jupiter.api;

  exports dev.courier.testing;
}
