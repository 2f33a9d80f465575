package dev.courier.client;

import dev.courier.client.Failures.Phase;
import dev.courier.http.wire.HttpEvent;
import dev.courier.http.wire.ResponseHead;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code Expect: 100-continue} (RFC 9110 Section 10.1.1): after sending the head, wait a little
 * for {@code 100 Continue} before the body. A server that answers with a final status instead
 * (417, 401, 413...) saves the upload; a server that says nothing gets the body after the wait,
 * as the RFC asks of a client that "has not received" an answer.
 */
final class ContinueWait {
  private ContinueWait() {}

  /**
   * Waits up to {@code wait} for an answer to the head just flushed.
   *
   * @return empty: send the body (100 came, or nothing came in time); present: the final
   *     response the server sent instead, whose body is next on the wire
   */
  static Optional<ResponseHead> await(EventPump pump, Duration wait, WireLog log, Supplier<String> url) {
    while (true) {
      Optional<HttpEvent> event = pump.poll(Phase.READ_HEAD, wait, url);
      if (event.isEmpty()) {
        log.note("no 100 Continue within " + wait.toMillis() + " ms; sending the body");
        return Optional.empty();
      }
      if (!(event.get() instanceof ResponseHead head)) {
        throw Failures.beforeHead(event.get(), pump.responseStarted(), url.get());
      }
      log.response(head);
      if (head.status() == 100) {
        return Optional.empty();
      }
      if (!head.isInformational()) {
        return Optional.of(head);
      }
      // 103 Early Hints and other interim responses: keep waiting (RFC 9110 Section 15.2)
    }
  }
}
