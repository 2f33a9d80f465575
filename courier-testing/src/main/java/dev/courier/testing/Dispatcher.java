package dev.courier.testing;

/**
 * Chooses the response to each request, for tests that route rather than queue. Called on the
 * connection's thread once the whole request has been read; must be thread-safe when clients send
 * concurrently. On {@link MockServer} an exception it throws answers {@code 500} and makes {@link
 * MockServer#close()} fail the test; on {@link MockTransport} it fails the call.
 *
 * <pre>{@code
 * server.dispatcher(request -> switch (request.path()) {
 *   case "/users" -> MockResponse.json(List.of("ada", "grace"));
 *   default -> MockResponse.status(404);
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Dispatcher {
  /** The response to {@code request}; never null. */
  MockResponse dispatch(RecordedRequest request) throws Exception;
}
