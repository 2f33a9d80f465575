package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Headers;
import dev.courier.http.h2.H2Limits;
import dev.courier.http.h2.H2RequestHead;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** The stream bookkeeping a graceful shutdown relies on. */
class H2ServerStreamsTest {
  @Test
  void aStreamIsAtWorkUntilItsHandlerFinishedEvenAfterItsEndStreamClosedIt() throws Exception {
    H2ServerStreams streams = new H2ServerStreams(H2Limits.defaults(), new SharedWindowBudget(1 << 20), Long.MAX_VALUE, new H2Output(OutputStream.nullOutputStream(), 1000, false));
    streams.openId(1);
    H2ServerStream stream = streams.open(null, 1, new H2RequestHead("GET", "http", "a", "/", Headers.empty()), true,
        100, 65_535, 1000);
    assertThat(streams.active()).isEqualTo(1);
    streams.sendingHeaders(stream, false);
    assertThat(streams.credit(stream, 5, true, 1000)).isEqualTo(5); // END_STREAM recorded with the last DATA's credit
    assertThat(streams.get(1)).as("closed by its END_STREAM").isNull();
    // Its last DATA frame is appended to the output only after this: a server stopping now must
    // not close the socket yet (the once-seen H2ServerTest failure under load).
    assertThat(streams.active()).isEqualTo(1);
    assertThat(streams.finished(stream)).as("nothing to reset").isFalse();
    assertThat(streams.active()).isZero();
  }
}
