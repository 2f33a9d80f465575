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

class WorkingBuffersTest {
  final WorkingBuffers pool = new WorkingBuffers(SLOTS);
  static final int SLOTS = 8;

  @Test
  void aBufferIsLentToOneBorrowerAtATimeAndComesCleared() throws Exception {
    Set<ByteBuffer> lent = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    AtomicInteger twice = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 5_000; i++) {
          ByteBuffer b = pool.take();
          assertThat(b.position()).isZero();
          assertThat(b.limit()).isEqualTo(WorkingBuffers.SIZE);
          assertThat(b.hasArray()).isTrue();
          if (!lent.add(b)) twice.incrementAndGet();
          b.put((byte) 1).limit(7); // dirty it: the next borrower must get it cleared
          lent.remove(b);
          pool.give(b);
        }
      }));
    }
    for (Thread t : threads) t.join();
    assertThat(twice).hasValue(0);
  }

  @Test
  void theSameBuffersServeAgainAndAFullPoolKeepsNoMore() {
    List<ByteBuffer> out = new ArrayList<>();
    for (int i = 0; i < 2 * SLOTS; i++) out.add(pool.take());
    out.forEach(pool::give); // the pool keeps SLOTS of them and drops the rest
    Set<ByteBuffer> given = Collections.newSetFromMap(new IdentityHashMap<>());
    given.addAll(out);
    List<ByteBuffer> again = new ArrayList<>();
    for (int i = 0; i < SLOTS + 1; i++) again.add(pool.take());
    assertThat(again.subList(0, SLOTS)).allMatch(given::contains);
    assertThat(given.contains(again.get(SLOTS))).as("none left: a new one").isFalse(); // by identity
    again.forEach(pool::give);
  }
}
