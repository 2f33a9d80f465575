package dev.courier.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which fields may travel in a trailer section (RFC 9110, Section 6.5.1). */
class TrailerFieldsAllowedTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "Content-Length", "Transfer-Encoding", "Host", "TE", "Trailer", "Connection",
      "Authorization", "WWW-Authenticate", "Proxy-Authorization", "Set-Cookie", "cookie",
      "Cache-Control", "Expires", "Location", "Retry-After", "Vary", "Content-Type",
      "Content-Encoding", "Range", "If-None-Match", "Accept-Encoding"})
  void fieldsARecipientNeedsBeforeTheContentAreRefused(String name) {
    assertThat(FieldSyntax.allowedInTrailers(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Server-Timing", "ETag", "Digest", "grpc-status", "X-Checksum"})
  void metadataAboutTheContentIsAllowed(String name) {
    assertThat(FieldSyntax.allowedInTrailers(name)).isTrue();
  }

  @Test
  void aReceivedTrailerSectionKeepsOnlyAllowedFieldsInOrder() {
    Headers received = Headers.of("Digest", "a", "Set-Cookie", "s=1", "X-Sum", "b", "Content-Length", "9");
    Headers kept = FieldSyntax.allowedTrailers(received);
    assertThat(kept.size()).isEqualTo(2);
    assertThat(kept.name(0)).isEqualTo("Digest");
    assertThat(kept.name(1)).isEqualTo("X-Sum");
    Headers clean = Headers.of("Digest", "a");
    assertThat(FieldSyntax.allowedTrailers(clean)).isSameAs(clean);
  }
}
