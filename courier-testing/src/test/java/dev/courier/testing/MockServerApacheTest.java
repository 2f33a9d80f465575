package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Test;

/** Apache HttpClient 5 against MockServer: plain with reuse, HTTPS with the CA, a cut body. */
class MockServerApacheTest {
  @Test
  void postsAndReusesTheConnection() throws IOException {
    try (MockServer server = MockServer.start();
        CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries().build()) {
      server.enqueue(MockResponse.builder().status(201).body("created").chunked(2).build());
      server.enqueue(MockResponse.text("again"));
      HttpPost post = new HttpPost(server.url("/items"));
      post.setEntity(new StringEntity("{\"a\":1}", ContentType.APPLICATION_JSON));
      assertThat(fetch(client, post)).isEqualTo("201 created");
      assertThat(fetch(client, new HttpGet(server.url("/again")))).isEqualTo("200 again");
      RecordedRequest recorded = server.takeRequest();
      assertThat(recorded.bodyText()).isEqualTo("{\"a\":1}");
      assertThat(recorded.header("User-Agent"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Apache-HttpClient/"));
      assertThat(server.takeRequest().connectionSequenceNumber()).isEqualTo(1);
    }
  }

  @Test
  void trustsTheHttpsCa() throws IOException {
    try (MockServer server = MockServer.builder().https().start();
        CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(server.sslContext())).build())
            .build()) {
      server.enqueue(MockResponse.text("tls"));
      assertThat(fetch(client, new HttpGet(server.url("/")))).isEqualTo("200 tls");
      assertThat(server.takeRequest().tls()).isPresent();
    }
  }

  @Test
  void seesACutBodyAsAnError() throws IOException {
    try (MockServer server = MockServer.start();
        CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries().build()) {
      server.enqueue(MockResponse.builder().body("0123456789").fault(Fault.CLOSE_MID_BODY).build());
      assertThatThrownBy(() -> fetch(client, new HttpGet(server.url("/"))))
          .isInstanceOf(IOException.class);
    }
  }

  private static String fetch(CloseableHttpClient client, ClassicHttpRequest request)
      throws IOException {
    HttpClientResponseHandler<String> handler =
        response -> response.getCode() + " " + EntityUtils.toString(response.getEntity());
    return client.execute(request, handler);
  }
}
