package dev.courier.http.h2;

import static dev.courier.http.h2.H2Errors.assertStreamError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FieldValidatorTest {
  private static H2RequestHead request(String... namesAndValues) {
    FieldValidator v = FieldValidator.forRequest(1);
    for (int i = 0; i < namesAndValues.length; i += 2) v.add(namesAndValues[i], namesAndValues[i + 1]);
    return v.request();
  }

  @Test
  void aGoodRequestBecomesAHead() {
    H2RequestHead head = request(":method", "GET", ":scheme", "https", ":authority", "example.com",
        ":path", "/a?b=c", "accept", "*/*", "te", "trailers");
    assertThat(head.method()).isEqualTo("GET");
    assertThat(head.authority()).isEqualTo("example.com");
    assertThat(head.target()).isEqualTo("/a?b=c");
    assertThat(head.headers().firstValue("accept")).contains("*/*");
    assertThat(head.contentLength()).isEqualTo(-1);
  }

  @Test
  void connectNeedsOnlyMethodAndAuthority() {
    H2RequestHead head = request(":method", "CONNECT", ":authority", "example.com:443");
    assertThat(head.target()).isEqualTo("example.com:443");
  }

  @Test
  void hostStandsInForAMissingAuthority() {
    assertThat(request(":method", "GET", ":scheme", "http", ":path", "/", "host", "a.example").authority())
        .isEqualTo("a.example");
  }

  /** Each row: a request field list that RFC 9113 sections 8.2 and 8.3 call malformed. */
  static List<List<String>> malformedRequests() {
    return List.of(
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "Accept", "x"), // upper case, 8.2.1
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "connection", "close"), // 8.2.2
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "keep-alive", "5"),
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "proxy-connection", "x"),
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "transfer-encoding", "chunked"),
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "upgrade", "h2c"),
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "te", "gzip"), // te only trailers
        List.of(":method", "GET", ":scheme", "https", "accept", "x", ":path", "/"), // pseudo after regular
        List.of(":method", "GET", ":method", "GET", ":scheme", "https", ":path", "/"), // twice
        List.of(":method", "GET", ":scheme", "https", ":path", "/", ":path", "/"),
        List.of(":method", "GET", ":scheme", "https", ":path", "/", ":status", "200"), // response pseudo
        List.of(":method", "GET", ":scheme", "https", ":path", "/", ":foo", "x"), // unknown pseudo
        List.of(":method", "GET", ":scheme", "https", ":path", "/", ":protocol", "websocket"),
        List.of(":scheme", "https", ":path", "/"), // no :method
        List.of(":method", "GET", ":path", "/"), // no :scheme
        List.of(":method", "GET", ":scheme", "https"), // no :path
        List.of(":method", "GET", ":scheme", "https", ":path", ""), // empty :path
        List.of(":method", "GET", ":scheme", "https", ":path", "a/b"), // not origin form
        List.of(":method", "GET", ":scheme", "https", ":path", "*"), // * only for OPTIONS
        List.of(":method", "CONNECT", ":scheme", "https", ":authority", "a:443"), // 8.5
        List.of(":method", "CONNECT"),
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "x", "a\nb"), // 8.2.1 values
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "x", "a\0b"),
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "x", " padded"),
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "x", "padded\t"),
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "a b", "x"), // not a token
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "", "x"),
        List.of(":method", "G T", ":scheme", "https", ":path", "/"),
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "content-length", "-1"),
        List.of(":method", "GET", ":scheme", "https", ":path", "/", "content-length", "1", "content-length", "2"),
        List.of(":method", "GET", ":scheme", "https", ":authority", "a", ":path", "/", "host", "b"));
  }

  @ParameterizedTest
  @MethodSource("malformedRequests")
  void malformedRequestsAreStreamErrors(List<String> fields) {
    assertStreamError(1, ErrorCode.PROTOCOL_ERROR, () -> request(fields.toArray(String[]::new)));
  }

  @Test
  void responsesNeedExactlyOneThreeDigitStatus() {
    FieldValidator ok = FieldValidator.forResponse(3);
    ok.add(":status", "204");
    ok.add("server", "x");
    assertThat(ok.response().status()).isEqualTo(204);
    for (String bad : new String[] {"20", "2000", "abc", "099"}) {
      FieldValidator v = FieldValidator.forResponse(3);
      v.add(":status", bad);
      assertStreamError(3, ErrorCode.PROTOCOL_ERROR, v::response);
    }
    assertStreamError(3, ErrorCode.PROTOCOL_ERROR, () -> FieldValidator.forResponse(3).response());
    assertStreamError(3, ErrorCode.PROTOCOL_ERROR, () -> FieldValidator.forResponse(3).add(":path", "/"));
  }

  @Test
  void trailersHaveNoPseudoHeaderFields() {
    assertStreamError(1, ErrorCode.PROTOCOL_ERROR, () -> FieldValidator.forTrailers(1).add(":status", "200"));
    FieldValidator v = FieldValidator.forTrailers(1);
    v.add("grpc-status", "0");
    assertThat(v.trailers().firstValue("grpc-status")).contains("0");
  }

  @Test
  void theSizeCountsThirtyTwoBytesAField() {
    FieldValidator v = FieldValidator.forRequest(1);
    v.add(":method", "GET");
    v.add("ab", "cd");
    assertThat(v.size()).isEqualTo(7 + 3 + 32 + 4 + 32);
  }
}
