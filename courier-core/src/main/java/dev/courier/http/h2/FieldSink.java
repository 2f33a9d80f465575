package dev.courier.http.h2;

/**
 * Receives the fields of a head in order, pseudo-header fields first: what an HPACK encoder
 * takes. {@link H2Fields} writes heads into one.
 *
 * <pre>{@code
 * List<String> out = new ArrayList<>();
 * H2Fields.response(200, Headers.of("Content-Type", "text/plain"), (n, v) -> out.add(n + ": " + v));
 * }</pre>
 */
@FunctionalInterface
public interface FieldSink {
  /** Takes one field; {@code name} is lower-case. */
  void field(String name, String value);
}
