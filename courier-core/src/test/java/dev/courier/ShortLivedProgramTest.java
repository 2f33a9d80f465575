package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.net.Dns;
import dev.courier.net.TlsSettings;
import dev.courier.server.HttpServer;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.testsupport.TestPki;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A program that makes an HTTP/2 request and closes its session leaves no thread in native code:
 * at exit HotSpot waits up to 300 ms for such threads, and the JDK's virtual-thread poller, once a
 * virtual thread has waited on a socket, is one for the rest of the run. So Courier's client does
 * its own socket waits (an HTTP/2 connection's reader, Happy Eyeballs' connection attempts) on
 * platform threads. Checked in a JVM of its own, which no other test has started the poller in.
 */
class ShortLivedProgramTest {
  /**
   * The child: one GET over HTTP/2 to {@code args[0]}, trusting the test CA, with localhost named
   * as ::1 and 127.0.0.1 so that Happy Eyeballs races them (the server is on the second); then the
   * names of its threads.
   */
  public static void main(String[] args) throws Exception {
    if (args[0].equals("--from-a-shutdown-hook")) {
      String url = args[1];
      Runtime.getRuntime().addShutdownHook(new Thread(() ->
          System.out.println("status " + Courier.get(url).statusCode())));
      return;
    }
    TlsSettings trust = TlsSettings.builder().trustedCertificates(TestPki.get().caCert()).build();
    Dns both = host -> List.of(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1"));
    try (Session session = Session.builder().tls(trust).dns(both).build()) {
      System.out.println("version " + session.get(args[0]).version());
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) System.out.println("thread " + t.getName());
  }

  @Test
  void anHttp2RequestStartsNoPollerThatWouldDelayTheExit() throws Exception {
    try (HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin())
        .tls(TestPki.get().serverPkcs12(), TestPki.PASSWORD.toCharArray()).start()) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          ShortLivedProgramTest.class.getName(), "https://localhost:" + server.port() + "/get")
          .redirectErrorStream(true).start();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(out).isZero();
      assertThat(out).contains("version HTTP/2");
      assertThat(out).as("the JDK's poller (MasterPoller, Read-Poller...) was started").doesNotContain("Poller");
      assertThat(out).doesNotContain("thread courier-h2-reader");
    }
  }

  /**
   * {@code Courier}'s default session, first used by a shutdown hook: it cannot register its own
   * hook then (the JVM is exiting), and the call must work all the same.
   */
  @Test
  void theDefaultSessionWorksWhenAShutdownHookUsesItFirst() throws Exception {
    try (HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start()) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          ShortLivedProgramTest.class.getName(), "--from-a-shutdown-hook", "http://127.0.0.1:" + server.port() + "/get")
          .redirectErrorStream(true).start();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(out).contains("status 200");
    }
  }
}
