package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** OkHttp, the client MockWebServer was made for, against MockServer: plain, HTTPS and a fault. */
class MockServerOkHttpTest {
  private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
      .readTimeout(5, TimeUnit.SECONDS).retryOnConnectionFailure(false).build();

  @Test
  void postsAndReusesTheConnection() throws IOException {
    try (MockServer server = MockServer.start()) {
      server.enqueue(MockResponse.builder().status(201).body("created").chunked(3).build());
      server.enqueue(MockResponse.text("again"));
      try (Response response = CLIENT.newCall(new Request.Builder().url(server.url("/items"))
          .post(RequestBody.create("{\"a\":1}", MediaType.get("application/json"))).build()).execute()) {
        assertThat(response.code()).isEqualTo(201);
        assertThat(response.body().string()).isEqualTo("created");
      }
      try (Response response = CLIENT.newCall(new Request.Builder().url(server.url("/again")).build())
          .execute()) {
        assertThat(response.body().string()).isEqualTo("again");
      }
      RecordedRequest post = server.takeRequest();
      assertThat(post.bodyText()).isEqualTo("{\"a\":1}");
      assertThat(post.header("User-Agent")).hasValueSatisfying(v -> assertThat(v).startsWith("okhttp/"));
      assertThat(server.takeRequest().connectionSequenceNumber()).isEqualTo(1);
    }
  }

  @Test
  void trustsTheHttpsCa() throws Exception {
    try (MockServer server = MockServer.builder().https().start()) {
      server.enqueue(MockResponse.text("tls"));
      OkHttpClient tls = CLIENT.newBuilder()
          .sslSocketFactory(server.sslContext().getSocketFactory(), server.trustManager()).build();
      try (Response response = tls.newCall(new Request.Builder().url(server.url("/")).build())
          .execute()) {
        assertThat(response.body().string()).isEqualTo("tls");
      }
      assertThat(server.takeRequest().tls()).isPresent();
    }
  }

  @Test
  void seesACutBodyAsAnError() {
    try (MockServer server = MockServer.start()) {
      server.enqueue(MockResponse.builder().body("0123456789").fault(Fault.CLOSE_MID_BODY).build());
      assertThatThrownBy(() -> {
        try (Response response = CLIENT.newCall(new Request.Builder().url(server.url("/")).build())
            .execute()) {
          response.body().string();
        }
      }).isInstanceOf(IOException.class);
    }
  }
}
