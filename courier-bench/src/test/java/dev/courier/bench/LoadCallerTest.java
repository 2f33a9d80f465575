package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What one caller of a client run adds to the tally the run's figures are made from. */
class LoadCallerTest {
  /** Answers every call; every third one fails. */
  static final class EveryThirdFails implements LoadClient {
    int calls;
    IOException first;

    @Override public byte[] get() throws IOException {
      calls++;
      if (calls % 3 == 0) {
        IOException e = new IOException("call " + calls);
        if (first == null) first = e;
        throw e;
      }
      return new byte[0];
    }

    @Override public void close() {}
  }

  @Test
  void countsEveryCallAndEveryFailureKeepsTheFirstAndEndsItsLatenciesWithMinusOne() {
    EveryThirdFails client = new EveryThirdFails();
    LoadCaller.Tally tally = new LoadCaller.Tally(1);
    tally.release().countDown(); // run() returns at once, on this thread
    long[] latencies = new long[1 << 16];
    new LoadCaller(client, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20), tally, latencies).run();

    assertThat(client.calls).isPositive();
    assertThat(tally.requests().get()).isEqualTo(client.calls);
    assertThat(tally.errors().get()).isEqualTo(client.calls / 3);
    if (client.calls >= 3) assertThat(tally.firstError().get()).isSameAs(client.first);
    int kept = (client.calls + 7) / 8; // every 8th call, the first included
    assertThat(Arrays.stream(latencies, 0, kept).allMatch(nanos -> nanos >= 0)).isTrue();
    assertThat(latencies[kept]).isEqualTo(-1);
    assertThat(tally.done().getCount()).isZero();
  }

  @Test
  void aCallerWhoseDeadlineHasPassedCallsNothingButStillReportsDone() {
    EveryThirdFails client = new EveryThirdFails();
    LoadCaller.Tally tally = new LoadCaller.Tally(2);
    tally.release().countDown();
    long[] latencies = new long[8];
    new LoadCaller(client, System.nanoTime() - 1, tally, latencies).run();

    assertThat(client.calls).isZero();
    assertThat(tally.requests().get()).isZero();
    assertThat(latencies[0]).isEqualTo(-1);
    assertThat(tally.done().getCount()).isEqualTo(1);
  }

  @Test
  void aCallerThatIsDoneStaysAliveUntilTheRunReleasesIt() throws Exception {
    LoadCaller.Tally tally = new LoadCaller.Tally(1);
    Thread caller = Thread.ofPlatform().start(
        new LoadCaller(new EveryThirdFails(), System.nanoTime() - 1, tally, new long[8]));
    tally.done().await();
    // Its allocation must still count among the live threads' when the run reads the counter.
    assertThat(caller.isAlive()).isTrue();
    tally.release().countDown();
    caller.join();
    assertThat(caller.isAlive()).isFalse();
  }
}
