package dev.courier.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testsupport.TestBytes;
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

  private static final int FULL_FRAME = 16_384;

  @Test
  void aBodyReadToItsEndIsNotFailedByALaterReset() throws IOException {
    BodyQueue body = new BodyQueue(5_000, n -> { });
    body.offer("all of it".getBytes(StandardCharsets.US_ASCII));
    body.end();
    assertThat(new String(body.readNBytes(9), StandardCharsets.US_ASCII)).isEqualTo("all of it");
    body.fail(new IOException("connection lost")); // after END_STREAM and the last byte
    assertThat(body.read()).as("the body was whole: its end, not the later loss").isEqualTo(-1);
  }

  @Test
  void aBodyWithBytesStillUnreadFailsWhenReset() throws IOException {
    BodyQueue body = new BodyQueue(5_000, n -> { });
    body.offer("part".getBytes(StandardCharsets.US_ASCII));
    body.end();
    assertThat(body.read(new byte[2], 0, 2)).isEqualTo(2);
    body.fail(new IOException("connection lost"));
    assertThat(body.read(new byte[8], 0, 8)).as("what the reader already holds").isEqualTo(2);
    assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasMessage("connection lost");
  }

  @Test
  void aPayloadArrayGoesBackOnlyOnceAllOfItWasRead() throws IOException {
    PayloadArrays arrays = new PayloadArrays();
    BodyQueue body = new BodyQueue(5_000, n -> { }, null, arrays);
    byte[] first = TestBytes.random(FULL_FRAME, 1);
    byte[] second = TestBytes.random(FULL_FRAME, 2);
    body.offer(first);
    body.offer(second);
    body.end();
    byte[] into = new byte[FULL_FRAME];
    assertThat(body.read(into, 0, 10_000)).isEqualTo(10_000);
    assertThat(arrays.take(FULL_FRAME)).as("part of the first still unread").isNotSameAs(first);
    assertThat(body.read(into, 10_000, FULL_FRAME - 10_000)).isEqualTo(FULL_FRAME - 10_000);
    assertThat(into).isEqualTo(first);
    assertThat(arrays.take(FULL_FRAME)).as("all of the first read").isSameAs(first);
    assertThat(body.readAllBytes()).isEqualTo(second);
    assertThat(arrays.take(FULL_FRAME)).isSameAs(second);
    assertThat(arrays.take(FULL_FRAME)).as("each given back once").isNotSameAs(first).isNotSameAs(second);
  }

  @Test
  void aFailedBodyGivesBackWhatWasNeverReadAndKeepsWhatIsHalfRead() throws IOException {
    PayloadArrays arrays = new PayloadArrays();
    BodyQueue body = new BodyQueue(5_000, n -> { }, null, arrays);
    byte[] halfRead = new byte[FULL_FRAME];
    byte[] unread = new byte[FULL_FRAME];
    body.offer(halfRead);
    body.offer(unread);
    assertThat(body.read(new byte[5], 0, 5)).isEqualTo(5);
    body.fail(new IOException("stream reset"));
    assertThat(arrays.take(FULL_FRAME)).isSameAs(unread);
    byte[] late = new byte[FULL_FRAME];
    body.offer(late); // DATA already in flight when the stream failed
    assertThat(arrays.take(FULL_FRAME)).isSameAs(late);
    assertThat(arrays.take(FULL_FRAME)).as("the half-read one stays the reader's").isNotSameAs(halfRead);
  }

  @Test
  void payloadArraysReuseOnlyTheCommonFrameSizesAndAlwaysAnswerTheExactLength() {
    PayloadArrays arrays = new PayloadArrays();
    byte[] full = arrays.take(FULL_FRAME);
    arrays.giveBack(full);
    assertThat(arrays.take(FULL_FRAME)).isSameAs(full);
    byte[] chunk = arrays.take(8_192);
    arrays.giveBack(chunk);
    assertThat(arrays.take(8_192)).isSameAs(chunk);
    byte[] odd = arrays.take(1_000);
    arrays.giveBack(odd);
    assertThat(arrays.take(1_000)).isNotSameAs(odd).hasSize(1_000);
    assertThat(arrays.take(FULL_FRAME)).as("none free: a new one").isNotSameAs(full).hasSize(FULL_FRAME);
  }

  @Test
  void aQuietOfferLeavesAWaitingReaderAsleepUntilItsWakeAndOwesOneWakeOnly() throws Exception {
    BodyQueue body = new BodyQueue(30_000, n -> { });
    CompletableFuture<String> read = new CompletableFuture<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        byte[] b = new byte[16];
        int n = body.read(b, 0, b.length);
        read.complete(new String(b, 0, n, StandardCharsets.US_ASCII));
      } catch (IOException e) {
        read.completeExceptionally(e);
      }
    });
    while (reader.getState() != Thread.State.WAITING) Thread.onSpinWait(); // waits in read: nothing queued
    assertThat(body.offerQuietly("first".getBytes(StandardCharsets.US_ASCII))).as("a wake is owed").isTrue();
    assertThat(body.offerQuietly("second".getBytes(StandardCharsets.US_ASCII))).as("owed once").isFalse();
    reader.join(200); // a reader woken by the offers would have read by now
    assertThat(read).as("the reader sleeps until the wake").isNotDone();
    body.wakeReader();
    assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("first");
  }

  @Test
  void aQuietOfferToAReaderNotWaitingOwesNothingAndIsRead() throws IOException {
    BodyQueue body = new BodyQueue(30_000, n -> { });
    assertThat(body.offerQuietly("queued".getBytes(StandardCharsets.US_ASCII))).isFalse();
    body.end();
    assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("queued");
  }
}
