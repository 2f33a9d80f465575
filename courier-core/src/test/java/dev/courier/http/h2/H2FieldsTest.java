package dev.courier.http.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.http.Headers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class H2FieldsTest {
  @Test
  void requestFieldsPutPseudoFieldsFirstLowerCaseNamesAndDropConnectionFields() {
    List<String> out = new ArrayList<>();
    Headers headers = Headers.of("Host", "example.com", "Accept", "*/*", "Connection", "keep-alive, X-Hop",
        "X-Hop", "1", "Keep-Alive", "5", "Transfer-Encoding", "chunked", "TE", "trailers, deflate", "Upgrade", "x");
    H2Fields.request("GET", "https", "", "/p", headers, (n, v) -> out.add(n + "=" + v));
    assertThat(out).containsExactly(":method=GET", ":scheme=https", ":authority=example.com", ":path=/p",
        "accept=*/*", "te=trailers");
  }

  @Test
  void whatItWritesTheValidatorAccepts() {
    FieldValidator v = FieldValidator.forRequest(1);
    H2Fields.request("POST", "http", "a.example:8080", "/x", Headers.of("Content-Length", "3", "X-A", "b"), v::add);
    H2RequestHead head = v.request();
    assertThat(head.authority()).isEqualTo("a.example:8080");
    assertThat(head.contentLength()).isEqualTo(3);
    FieldValidator r = FieldValidator.forResponse(1);
    H2Fields.response(404, Headers.of("Content-Type", "text/plain", "Connection", "close"), r::add);
    assertThat(r.response()).isEqualTo(new H2ResponseHead(404, Headers.of("content-type", "text/plain")));
  }

  @Test
  void connectCarriesOnlyMethodAndAuthority() {
    List<String> out = new ArrayList<>();
    H2Fields.request("CONNECT", "https", "a:443", "", Headers.empty(), (n, v) -> out.add(n + "=" + v));
    assertThat(out).containsExactly(":method=CONNECT", ":authority=a:443");
  }
}
