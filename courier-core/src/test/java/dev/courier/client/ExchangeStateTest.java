package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.client.ExchangeState.Event;
import org.junit.jupiter.api.Test;

/** The exchange's transitions as data: the happy path, the replay, and misuse named precisely. */
class ExchangeStateTest {
  @Test
  void aRequestAndItsResponse() {
    ExchangeState s = ExchangeState.IDLE.on(Event.PUT_REQUEST);
    assertThat(s).isEqualTo(ExchangeState.REQUEST_STARTED);
    s = s.on(Event.PUT_HEADER).on(Event.END_HEADERS);
    assertThat(s).isEqualTo(ExchangeState.REQUEST_SENT);
    s = s.on(Event.SEND_BODY).on(Event.GET_RESPONSE);
    assertThat(s).isEqualTo(ExchangeState.RESPONSE_OPEN);
    assertThat(s.on(Event.RESPONSE_ENDED)).isEqualTo(ExchangeState.IDLE);
  }

  @Test
  void replayGoesBackToTheStartedRequestAndCloseAlwaysEndsIdle() {
    assertThat(ExchangeState.REQUEST_SENT.on(Event.REPLAY)).isEqualTo(ExchangeState.REQUEST_STARTED);
    for (ExchangeState s : ExchangeState.values()) {
      assertThat(s.on(Event.CLOSE)).isEqualTo(ExchangeState.IDLE);
    }
  }

  @Test
  void anIllegalTransitionNamesTheStateTheEventAndTheWayOut() {
    assertThatThrownBy(() -> ExchangeState.IDLE.on(Event.GET_RESPONSE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot get a response in state IDLE: no request was sent");
    assertThatThrownBy(() -> ExchangeState.REQUEST_SENT.on(Event.PUT_REQUEST))
        .hasMessage("cannot start a request in state REQUEST_SENT: call getResponse() first");
    assertThatThrownBy(() -> ExchangeState.RESPONSE_OPEN.on(Event.PUT_REQUEST))
        .hasMessageContaining("not been read to the end");
    assertThatThrownBy(() -> ExchangeState.RESPONSE_OPEN.on(Event.REPLAY))
        .hasMessageContaining("RESPONSE_OPEN").hasMessageContaining("replay");
  }
}
