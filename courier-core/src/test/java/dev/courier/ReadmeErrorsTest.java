package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.error.ConnectionException;
import dev.courier.error.TimedOutException;
import dev.courier.server.httpbin.HttpBin;
import dev.courier.server.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The README's "Errors" example, verbatim between the markers, run against a local HttpBin (a
 * 503 answer) and against a closed port (a refused connection, which nothing reached).
 */
class ReadmeErrorsTest {
  static void errorsExample(String url) {
    // README:begin
    try {
      Courier.get(url).raiseForStatus();
    } catch (TimedOutException e) {
      // connect, read, pool wait or total deadline
    } catch (ConnectionException e) {
      if (!e.mayHaveReachedServer()) { /* nothing was sent: safe to try another host */ }
    } catch (HttpStatusException e) {
      System.out.println("server said " + e.statusCode());
    }
    // README:end
  }

  @Test
  void aStatusErrorIsCaughtAsTheReadmeSays() throws Exception {
    try (HttpServer server = HttpServer.builder().bind("127.0.0.1").port(0).handler(new HttpBin()).start()) {
      assertThat(printedBy("http://127.0.0.1:" + server.port() + "/status/503")).isEqualTo("server said 503\n");
    }
  }

  @Test
  void aRefusedConnectionIsAConnectionExceptionThatNeverReachedTheServer() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/";
    assertThat(printedBy(url)).isEmpty(); // the example's ConnectionException branch, silently
    try {
      Courier.get(url);
      throw new AssertionError("a closed port answered");
    } catch (ConnectionException e) {
      assertThat(e.mayHaveReachedServer()).isFalse();
    }
  }

  @Test
  void theReadmeShowsExactlyThisExample() {
    ReadmeBlocks.assertReadmeShowsEveryBlockOf("ReadmeErrorsTest.java");
  }

  private static String printedBy(String url) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      errorsExample(url);
    } finally {
      System.setOut(original);
    }
    return printed.toString(StandardCharsets.UTF_8);
  }
}
