package dev.courier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A busy connection reuses as many payload arrays as it had out at once, far past the process's
 * shared slots, and keeps none once it is idle.
 */
class ConnectionPayloadsTest {
  private static final int FRAME = 16_384;

  @Test
  void aBurstLargerThanTheSharedSlotsIsServedAgainFromTheConnectionsOwnArrays() {
    ConnectionPayloads arrays = new ConnectionPayloads();
    int burst = PayloadArrays.SLOTS * 4;
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < burst; i++) out.add(arrays.take(FRAME));
    Set<byte[]> first = Collections.newSetFromMap(new IdentityHashMap<>());
    first.addAll(out);
    out.forEach(arrays::giveBack);
    assertThat(arrays.kept()).isEqualTo(burst);

    for (int i = 0; i < burst; i++) {
      assertThat(first).as("the same arrays again, none made new").contains(arrays.take(FRAME));
    }
    assertThat(arrays.kept()).isZero();
  }

  @Test
  void anIdleConnectionKeepsNoArrayAndOtherLengthsAreNeverKept() {
    ConnectionPayloads arrays = new ConnectionPayloads();
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 100; i++) out.add(arrays.take(i % 2 == 0 ? FRAME : 8_192));
    out.add(arrays.take(1_000));
    out.forEach(arrays::giveBack);
    assertThat(arrays.kept()).as("the 1,000-byte payload is the collector's").isEqualTo(100);
    arrays.idle();
    assertThat(arrays.kept()).isZero();
    assertThat(arrays.take(FRAME)).hasSize(FRAME); // from the shared slots now
  }

  @Test
  void whatItKeepsIsBounded() {
    ConnectionPayloads arrays = new ConnectionPayloads();
    for (int i = 0; i < ConnectionPayloads.MAX_KEPT + 10; i++) arrays.giveBack(new byte[FRAME]);
    assertThat(arrays.kept()).isEqualTo(ConnectionPayloads.MAX_KEPT);
  }
}
