package dev.courier;

import dev.courier.error.IncompleteReadException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testsupport.ScriptedServer;
import org.junit.jupiter.api.Test;

/**
 * What the API makes of a hostile server, over real sockets: a huge Content-Length is not
 * allocated before the bytes arrive (measured with this module's Allocations helper). The other
 * fault cases (decompression bombs, truncated or garbled responses, odd encodings, header
 * injection) live in courier-testing's SessionFaultTest, scripted with its MockServer.
 */
class SessionFaultTest {
  @Test
  void aHugeContentLengthIsNotAllocatedBeforeTheBytesArrive() throws Exception {
    // one header announcing 60 MiB, then 10 bytes and a close: buffering must grow with what came
    try (ScriptedServer server = ScriptedServer.start(peer -> {
          peer.readRequest();
          peer.write("HTTP/1.1 200 OK\r\nContent-Length: " + 60 * 1024 * 1024 + "\r\n\r\n0123456789");
          peer.close();
        });
        Session s = Session.create()) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      long before = dev.courier.testsupport.Allocations.currentThread();
      assertThatThrownBy(() -> s.get(url)).isInstanceOf(IncompleteReadException.class);
      long allocated = dev.courier.testsupport.Allocations.currentThread() - before;
      assertThat(allocated).as("bytes allocated by the call").isLessThan(8L * 1024 * 1024);
    }
  }
}
