package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SegmentBuffersTest {
  @Test
  void aBufferIsLentToOneBorrowerAtATimeAndTheCountStaysBounded() throws Exception {
    Set<ByteBuffer> lent = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    Set<ByteBuffer> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    AtomicInteger twice = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4 * SegmentBuffers.SLOTS; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 2_000; i++) {
          ByteBuffer b = SegmentBuffers.take();
          if (b == null) continue; // all lent: the caller sends without one
          assertThat(b.position()).isZero();
          assertThat(b.limit()).isEqualTo(SegmentBuffers.SIZE);
          assertThat(b.isDirect()).isTrue();
          if (!lent.add(b)) twice.incrementAndGet();
          seen.add(b);
          b.put((byte) 1); // dirty it: the next borrower must get it cleared
          lent.remove(b);
          SegmentBuffers.give(b);
        }
      }));
    }
    for (Thread t : threads) t.join();
    assertThat(twice).hasValue(0);
    // At most SLOTS exist at once; a buffer dropped in a race may be replaced, so allow a few more.
    assertThat(seen.size()).isLessThanOrEqualTo(2 * SegmentBuffers.SLOTS);
  }

  @Test
  void whenAllAreLentTheNextBorrowerGetsNoneAndWaitsForNothing() {
    List<ByteBuffer> held = new ArrayList<>();
    try {
      for (ByteBuffer b; (b = SegmentBuffers.take()) != null; ) {
        held.add(b);
        assertThat(held.size()).isLessThanOrEqualTo(SegmentBuffers.SLOTS);
      }
      assertThat(SegmentBuffers.take()).isNull();
    } finally {
      held.forEach(SegmentBuffers::give);
    }
    assertThat(SegmentBuffers.take()).isNotNull().satisfies(SegmentBuffers::give);
  }
}
