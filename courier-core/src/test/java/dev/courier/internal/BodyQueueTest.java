package dev.courier.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One HTTP/2 body as its reader sees it: bytes in order, credit given back, stalls and failures. */
class BodyQueueTest {

  @Test
  void bytesArriveInOrderAndEachTakenByteIsCredited() throws IOException {
    AtomicInteger credited = new AtomicInteger();
    BodyQueue body = new BodyQueue(5_000, credited::addAndGet);
    body.offer("hello ".getBytes(StandardCharsets.US_ASCII));
    body.offer("world".getBytes(StandardCharsets.US_ASCII));
    body.end();
    assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
    assertThat(credited.get()).isEqualTo(11);
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void aReadThatGetsNothingWithinTheTimeoutSaysTheBodyStalled() {
    BodyQueue body = new BodyQueue(100, n -> { });
    assertThatThrownBy(() -> body.read(new byte[8], 0, 8)).isInstanceOf(SocketTimeoutException.class)
        .hasMessage("the body stalled");
  }

  @Test
  void aReaderWaitingForDataIsWokenByIt() throws Exception {
    BodyQueue body = new BodyQueue(30_000, n -> { });
    CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(body.readAllBytes(), StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, r -> Thread.ofVirtual().start(r));
    body.offer("late".getBytes(StandardCharsets.US_ASCII));
    body.end();
    assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("late");
  }

  @Test
  void aFailureEndsAWaitingRead() throws Exception {
    BodyQueue body = new BodyQueue(30_000, n -> { });
    CompletableFuture<Throwable> read = CompletableFuture.supplyAsync(() -> {
      try {
        body.read(new byte[8], 0, 8);
        return null;
      } catch (IOException e) {
        return e;
      }
    }, r -> Thread.ofVirtual().start(r));
    body.fail(new IOException("stream reset"));
    assertThat(read.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class).hasMessage("stream reset");
  }
}
