package dev.courier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.internal.Digest.Algorithm;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DigestTest {

  @Test
  void theTableIsRfc7616sRegistryPlusHttpbinsSha512() {
    assertThat(Arrays.stream(Algorithm.values()).filter(Algorithm::registered).map(Algorithm::token))
        .containsExactly("MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess");
    assertThat(Algorithm.forName("sha-256-SESS")).contains(Algorithm.SHA_256_SESS);
    assertThat(Algorithm.forName("SHA-512")).hasValueSatisfying(a -> assertThat(a.registered()).isFalse());
    assertThat(Algorithm.forName("SHA-1")).isEmpty();
  }

  @Test
  void responseMatchesTheRfc7616Examples() {
    // RFC 7616, Section 3.9.1: the same request answered with MD5 and with SHA-256.
    String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    assertThat(Digest.response(Algorithm.MD5, "Mufasa", "http-auth@example.org", "Circle of Life", "GET",
        "/dir/index.html", nonce, Digest.nonceCount(1), cnonce, "auth", null))
        .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    assertThat(Digest.response(Algorithm.SHA_256, "Mufasa", "http-auth@example.org", "Circle of Life", "GET",
        "/dir/index.html", nonce, Digest.nonceCount(1), cnonce, "auth", null))
        .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  @Test
  void sessionVariantsAndAuthIntChangeTheResponse() {
    String plain = Digest.response(Algorithm.MD5, "u", "r", "p", "POST", "/", "n", "00000001", "c", "auth", null);
    assertThat(Digest.response(Algorithm.MD5_SESS, "u", "r", "p", "POST", "/", "n", "00000001", "c", "auth", null))
        .isNotEqualTo(plain);
    assertThat(Digest.response(Algorithm.MD5, "u", "r", "p", "POST", "/", "n", "00000001", "c", "auth-int", new byte[0]))
        .isEqualTo(Digest.response(Algorithm.MD5, "u", "r", "p", "POST", "/", "n", "00000001", "c", "auth-int", null))
        .isNotEqualTo(Digest.response(Algorithm.MD5, "u", "r", "p", "POST", "/", "n", "00000001", "c", "auth-int",
            new byte[] {1}));
    assertThat(Digest.nonceCount(255)).isEqualTo("000000ff");
  }
}
