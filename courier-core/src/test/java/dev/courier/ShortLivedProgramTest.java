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
 * A short program that makes an HTTP/2 request ends at once: at exit HotSpot waits up to 300 ms
 * for threads in native code, and the JDK's virtual-thread poller, once a virtual thread has
 * waited on a socket, is one for the rest of the run. So a connection opened from a platform
 * thread does its socket waits (the HTTP/2 reader, Happy Eyeballs' attempts) on platform threads,
 * and the default session behind {@link Courier} closes its idle connections at exit. Checked in
 * JVMs of their own, which no other test has started the poller in.
 */
class ShortLivedProgramTest {
  /**
   * The child. {@code URL}: one GET over HTTP/2, trusting the test CA, with localhost named as ::1
   * and 127.0.0.1 so that Happy Eyeballs races them (the server is on the second); then, once its
   * HTTP/2 reader ended, the names of its threads. {@code --from-a-shutdown-hook URL}: the first
   * {@code Courier.get}, from a shutdown hook, and its status.
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
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("courier-h2-reader")) t.join(10_000); // it ends once its socket closed
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) System.out.println("thread " + t.getName());
  }

  @Test
  void anHttp2RequestStartsNoPollerThatWouldDelayTheExit() throws Exception {
    try (HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin())
        .tls(TestPki.get().serverPkcs12(), TestPki.PASSWORD.toCharArray()).start()) {
      String out = child("https://localhost:" + server.port() + "/get");
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
      assertThat(child("--from-a-shutdown-hook", "http://127.0.0.1:" + server.port() + "/get")).contains("status 200");
    }
  }

  /** Runs {@link #main} in a new JVM with {@code args}; its output, once it exited with 0. */
  private static String child(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ShortLivedProgramTest.class.getName()));
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(out).isZero();
    return out;
  }
}
