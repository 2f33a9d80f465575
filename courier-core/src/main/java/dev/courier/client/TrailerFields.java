package dev.courier.client;

import dev.courier.http.FieldSyntax;
import dev.courier.http.Headers;

/**
 * The trailer fields of a response as the client hands them up: a field that may not be sent in a
 * trailer section (framing, routing or describing the content: RFC 9110 section 6.5.1, as
 * {@link FieldSyntax#allowedInTrailers} lists them) is dropped,
 * never merged into the header section (section 6.5.2).
 */
final class TrailerFields {
  private TrailerFields() {}

  static Headers allowed(Headers received) {
    int kept = 0;
    for (int i = 0, n = received.size(); i < n; i++) {
      if (FieldSyntax.allowedInTrailers(received.name(i))) kept++;
    }
    if (kept == received.size()) return received;
    Headers.Builder allowed = Headers.builder();
    for (int i = 0, n = received.size(); i < n; i++) {
      if (FieldSyntax.allowedInTrailers(received.name(i))) allowed.add(received.name(i), received.value(i));
    }
    return allowed.build();
  }
}
