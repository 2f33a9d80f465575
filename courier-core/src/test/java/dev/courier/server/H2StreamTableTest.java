package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stream table behaves as a map of ids, collisions and removals included, and remembers recent closes. */
class H2StreamTableTest {
  @Test
  void agreesWithAHashMapUnderRandomPutsAndRemoves() {
    H2StreamTable table = new H2StreamTable(8);
    Map<Integer, H2ServerStream> reference = new HashMap<>();
    H2ServerStream[] streams = new H2ServerStream[64];
    for (int i = 0; i < streams.length; i++) {
      streams[i] = new H2ServerStream(null, 2 * i + 1, null, -1, true, 65535,
          dev.courier.http.h2.InboundWindow.forStream(2 * i + 1, 65535), 1000);
    }
    Random random = new Random(7);
    for (int step = 0; step < 20_000; step++) {
      // Ids 64 apart land in a few slots: long probe runs, then removals in their middle.
      int id = 1 + 2 * (random.nextInt(16) * 32 + random.nextInt(4));
      H2ServerStream value = streams[random.nextInt(streams.length)];
      if (random.nextBoolean()) {
        table.put(id, value);
        reference.put(id, value);
      } else {
        assertThat(table.remove(id)).isSameAs(reference.remove(id));
      }
      assertThat(table.size()).isEqualTo(reference.size());
      for (int probe = 1; probe < 2 * 16 * 32 + 8; probe += 2) assertThat(table.get(probe)).isSameAs(reference.get(probe));
    }
    assertThat(table.streams()).containsExactlyInAnyOrderElementsOf(reference.values());
  }

  @Test
  void remembersTheLast1024ClosedIds() {
    H2StreamTable table = new H2StreamTable(100);
    table.closed(1, H2StreamTable.Closed.PEER_RESET);
    table.closed(3, H2StreamTable.Closed.ENDED);
    assertThat(table.whyClosed(1)).isEqualTo(H2StreamTable.Closed.PEER_RESET);
    assertThat(table.whyClosed(3)).isEqualTo(H2StreamTable.Closed.ENDED);
    assertThat(table.whyClosed(5)).isNull();
    table.closed(1 + 2 * 1024, H2StreamTable.Closed.WE_RESET); // 1024 ids later: stream 1's slot
    assertThat(table.whyClosed(1)).as("only as below the last id").isNull();
    assertThat(table.whyClosed(1 + 2 * 1024)).isEqualTo(H2StreamTable.Closed.WE_RESET);
  }

  @Test
  void theRingGrowsWithTheIdsAndKeepsEachRecentOne() {
    H2StreamTable table = new H2StreamTable(8);
    H2StreamTable.Closed[] why = H2StreamTable.Closed.values();
    for (int id = 1; id < 2 * 1500; id += 2) {
      table.closed(id, why[id % why.length]);
      assertThat(table.whyClosed(id)).isEqualTo(why[id % why.length]);
      assertThat(table.whyClosed(id + 2)).isNull(); // not closed yet
    }
    for (int id = 2 * 1500 - 1; id > 2 * 1500 - 2 * 1024; id -= 2) {
      assertThat(table.whyClosed(id)).as("stream %d", id).isEqualTo(why[id % why.length]);
    }
    assertThat(table.whyClosed(2 * 1500 - 1 - 2 * 1024)).as("1024 ids before the last").isNull();
  }
}
