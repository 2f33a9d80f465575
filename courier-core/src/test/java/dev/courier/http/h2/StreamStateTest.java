package dev.courier.http.h2;

import static dev.courier.http.h2.H2Errors.assertConnectionError;
import static dev.courier.http.h2.H2Errors.assertStreamError;
import static dev.courier.http.h2.StreamState.CLOSED;
import static dev.courier.http.h2.StreamState.HALF_CLOSED_LOCAL;
import static dev.courier.http.h2.StreamState.HALF_CLOSED_REMOTE;
import static dev.courier.http.h2.StreamState.IDLE;
import static dev.courier.http.h2.StreamState.OPEN;
import static dev.courier.http.h2.StreamState.Event.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamStateTest {
  @Test
  void aServerStreamGoesFromIdleToClosedThroughHalfClosedRemote() {
    StreamState s = IDLE.on(RECV_HEADERS, 1).on(RECV_END_STREAM, 1);
    assertThat(s).isEqualTo(HALF_CLOSED_REMOTE);
    assertThat(s.mayWrite()).isTrue();
    assertThat(s.peerMaySend()).isFalse();
    s = s.on(SEND_HEADERS, 1).on(SEND_DATA, 1).on(SEND_END_STREAM, 1);
    assertThat(s).isEqualTo(CLOSED);
  }

  @Test
  void aClientStreamGoesThroughHalfClosedLocal() {
    StreamState s = IDLE.on(SEND_HEADERS, 3).on(SEND_END_STREAM, 3);
    assertThat(s).isEqualTo(HALF_CLOSED_LOCAL);
    s = s.on(RECV_HEADERS, 3).on(RECV_DATA, 3).on(RECV_HEADERS, 3).on(RECV_END_STREAM, 3);
    assertThat(s).isEqualTo(CLOSED);
  }

  @Test
  void dataOnAnIdleStreamIsAConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> IDLE.on(RECV_DATA, 1));
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> IDLE.on(RECV_RST_STREAM, 1));
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, () -> IDLE.on(RECV_WINDOW_UPDATE, 1));
    assertThat(IDLE.on(RECV_PRIORITY, 1)).isEqualTo(IDLE);
  }

  @Test
  void dataAfterTheClientEndedItsStreamIsAStreamErrorStreamClosed() {
    assertStreamError(1, ErrorCode.STREAM_CLOSED, () -> HALF_CLOSED_REMOTE.on(RECV_DATA, 1));
    assertStreamError(1, ErrorCode.STREAM_CLOSED, () -> HALF_CLOSED_REMOTE.on(RECV_HEADERS, 1));
    // but WINDOW_UPDATE, PRIORITY and RST_STREAM still may arrive
    assertThat(HALF_CLOSED_REMOTE.on(RECV_WINDOW_UPDATE, 1)).isEqualTo(HALF_CLOSED_REMOTE);
    assertThat(HALF_CLOSED_REMOTE.on(RECV_PRIORITY, 1)).isEqualTo(HALF_CLOSED_REMOTE);
    assertThat(HALF_CLOSED_REMOTE.on(RECV_RST_STREAM, 1)).isEqualTo(CLOSED);
  }

  @Test
  void framesOnAClosedStreamAreAConnectionErrorStreamClosed() {
    assertConnectionError(ErrorCode.STREAM_CLOSED, () -> CLOSED.on(RECV_DATA, 1));
    assertConnectionError(ErrorCode.STREAM_CLOSED, () -> CLOSED.on(RECV_HEADERS, 1));
    assertThat(CLOSED.on(RECV_WINDOW_UPDATE, 1)).isEqualTo(CLOSED);
  }

  @Test
  void resetClosesFromAnyActiveState() {
    for (StreamState s : new StreamState[] {OPEN, HALF_CLOSED_LOCAL, HALF_CLOSED_REMOTE}) {
      assertThat(s.on(RECV_RST_STREAM, 1)).isEqualTo(CLOSED);
      assertThat(s.on(SEND_RST_STREAM, 1)).isEqualTo(CLOSED);
    }
  }

  @Test
  void sendingOnAStreamWeEndedIsOurBug() {
    assertThatThrownBy(() -> HALF_CLOSED_LOCAL.on(SEND_DATA, 1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("HALF_CLOSED_LOCAL");
    assertThatThrownBy(() -> CLOSED.on(SEND_HEADERS, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> IDLE.on(SEND_RST_STREAM, 1)).isInstanceOf(IllegalStateException.class);
  }
}
