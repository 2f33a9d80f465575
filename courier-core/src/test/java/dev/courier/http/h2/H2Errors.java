package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the kind and code of an {@link H2Exception}, shared by the h2 tests. */
final class H2Errors {
  private H2Errors() {}

  static void assertConnectionError(ErrorCode code, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(H2Exception.class, e -> {
      org.assertj.core.api.Assertions.assertThat(e.isConnectionError()).as("connection error").isTrue();
      org.assertj.core.api.Assertions.assertThat(e.errorCode()).isEqualTo(code);
    });
  }

  static void assertStreamError(int streamId, ErrorCode code, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(H2Exception.class, e -> {
      org.assertj.core.api.Assertions.assertThat(e.isConnectionError()).as("connection error").isFalse();
      org.assertj.core.api.Assertions.assertThat(e.streamId()).isEqualTo(streamId);
      org.assertj.core.api.Assertions.assertThat(e.errorCode()).isEqualTo(code);
    });
  }
}
