package dev.courier.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerResponseFieldFactsTest {
  private static int facts(ServerResponse response) {
    return response.fieldFacts() & (ServerResponse.SETS_DATE | ServerResponse.SETS_SERVER | ServerResponse.ASKS_CLOSE);
  }

  @Test
  void dateAndServerAreFoundInAnyCase() {
    assertThat(facts(ServerResponse.ok("a"))).isZero();
    assertThat(facts(ServerResponse.builder(200).header("date", "x").build())).isEqualTo(ServerResponse.SETS_DATE);
    assertThat(facts(ServerResponse.builder(200).header("SERVER", "x").header("X-Date", "y").build()))
        .isEqualTo(ServerResponse.SETS_SERVER);
  }

  @Test
  void closeIsOneOptionOfConnectionAmongOthers() {
    // RFC 9110 section 7.6.1: Connection is a comma-separated list of option names.
    assertThat(facts(ServerResponse.builder(200).header("Connection", "keep-alive, Close").build()))
        .isEqualTo(ServerResponse.ASKS_CLOSE);
    assertThat(facts(ServerResponse.builder(200).header("connection", " close ").build()))
        .isEqualTo(ServerResponse.ASKS_CLOSE);
    assertThat(facts(ServerResponse.builder(200).header("Connection", "closed, upgrade").build())).isZero();
    assertThat(facts(ServerResponse.builder(200).header("X-Connection", "close").build())).isZero();
  }

  @Test
  void aSharedResponseGivesTheSameFactsEachTime() {
    ServerResponse shared = ServerResponse.builder(200).header("Date", "x").header("Connection", "close").build();
    int first = shared.fieldFacts();
    assertThat(shared.fieldFacts()).isEqualTo(first);
    assertThat(facts(shared)).isEqualTo(ServerResponse.SETS_DATE | ServerResponse.ASKS_CLOSE);
  }
}
