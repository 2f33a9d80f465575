package dev.courier.http.wire;

import static dev.courier.http.wire.BodyFraming.Kind.CHUNKED;
import static dev.courier.http.wire.BodyFraming.Kind.FIXED;
import static dev.courier.http.wire.BodyFraming.Kind.NONE;
import static dev.courier.http.wire.BodyFraming.Kind.TUNNEL;
import static dev.courier.http.wire.BodyFraming.Kind.UNTIL_CLOSE;
import static dev.courier.http.wire.HttpVersion.HTTP_1_0;
import static dev.courier.http.wire.HttpVersion.HTTP_1_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Headers;
import org.junit.jupiter.api.Test;

class BodyFramingTest {
  @Test
  void aKnownLengthIsFixedAnUnknownOneChunkedOrUntilCloseByVersion() {
    assertThat(BodyFraming.responseKind("GET", 200, HTTP_1_1, 0)).isEqualTo(FIXED);
    assertThat(BodyFraming.responseKind("POST", 404, HTTP_1_0, 12)).isEqualTo(FIXED);
    assertThat(BodyFraming.responseKind("GET", 200, HTTP_1_1, -1)).isEqualTo(CHUNKED);
    // RFC 9112 section 6.1: chunked only to HTTP/1.1; an HTTP/1.0 client reads until the close.
    assertThat(BodyFraming.responseKind("GET", 200, HTTP_1_0, -1)).isEqualTo(UNTIL_CLOSE);
  }

  @Test
  void headInterim204And304HaveNoBodyWhateverTheLength() {
    for (long length : new long[] {-1, 0, 5}) {
      for (HttpVersion version : HttpVersion.values()) {
        assertThat(BodyFraming.responseKind("HEAD", 200, version, length)).isEqualTo(NONE);
        assertThat(BodyFraming.responseKind("GET", 204, version, length)).isEqualTo(NONE);
        assertThat(BodyFraming.responseKind("GET", 304, version, length)).isEqualTo(NONE);
        assertThat(BodyFraming.responseKind("GET", 103, version, length)).isEqualTo(NONE);
        assertThat(BodyFraming.responseKind("GET", 101, version, length)).isEqualTo(TUNNEL);
        assertThat(BodyFraming.responseKind("CONNECT", 200, version, length)).isEqualTo(TUNNEL);
      }
    }
    assertThat(BodyFraming.responseKind("CONNECT", 407, HTTP_1_1, 3)).isEqualTo(FIXED);
  }

  @Test
  void contentLengthIsSentWhenKnownAndAllowedAlsoOnHead() {
    assertThat(BodyFraming.sendsContentLength("GET", 200, 0)).isTrue();
    assertThat(BodyFraming.sendsContentLength("HEAD", 200, 42)).isTrue(); // as the GET would have it
    assertThat(BodyFraming.sendsContentLength("GET", 200, -1)).isFalse();
    assertThat(BodyFraming.sendsContentLength("HEAD", 200, -1)).isFalse();
    assertThat(BodyFraming.sendsContentLength("GET", 204, 0)).isFalse();
    assertThat(BodyFraming.sendsContentLength("GET", 304, 10)).isFalse();
    assertThat(BodyFraming.sendsContentLength("GET", 100, 0)).isFalse();
    assertThat(BodyFraming.sendsContentLength("CONNECT", 200, 0)).isFalse();
    assertThat(BodyFraming.sendsContentLength("CONNECT", 502, 7)).isTrue();
  }

  /**
   * What a sender decides must be what a reader of the written head decides: for every method,
   * status class edge, version and length, a head with the fields the sender rules put in is
   * framed by {@link BodyFraming#ofResponse} as {@link BodyFraming#responseKind} said.
   */
  @Test
  void theSenderDecisionIsWhatAReaderOfTheHeadSees() {
    String[] methods = {"GET", "HEAD", "POST", "CONNECT"};
    int[] statuses = {100, 101, 103, 200, 204, 206, 299, 304, 400, 404, 500};
    for (String method : methods) {
      for (int status : statuses) {
        for (HttpVersion version : HttpVersion.values()) {
          for (long length : new long[] {-1, 0, 17}) {
            BodyFraming.Kind kind = BodyFraming.responseKind(method, status, version, length);
            Headers.Builder fields = Headers.builder();
            if (BodyFraming.sendsContentLength(method, status, length)) {
              fields.add("Content-Length", Long.toString(length));
            } else if (kind == CHUNKED) {
              fields.add("Transfer-Encoding", "chunked");
            }
            ResponseHead head = ResponseHead.of(status, "R", fields.build());
            BodyFraming read = BodyFraming.ofResponse(method, head);
            String where = method + " " + status + " " + version + " " + length;
            assertThat(read.kind()).as(where).isEqualTo(kind);
            if (kind == FIXED) assertThat(read.length()).as(where).isEqualTo(length);
          }
        }
      }
    }
  }
}
