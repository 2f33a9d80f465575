package dev.courier.server.httpbin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.internal.AuthChallenge;
import dev.courier.internal.Digest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestVerifierTest {
  /** A clock the test moves by hand. */
  static final class ManualClock implements InstantSource {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }
  }

  static final String URI = "/digest-auth/auth/user/pass";

  static String authorization(String nonce, String qop, String nc) {
    String response = Digest.response(Digest.Algorithm.MD5, "user", DigestVerifier.REALM, "pass", "GET", URI,
        nonce, nc, "c0ffee", qop, new byte[0]);
    return "Digest username=\"user\", realm=\"" + DigestVerifier.REALM + "\", nonce=\"" + nonce + "\", uri=\"" + URI
        + "\"" + (qop == null ? "" : ", qop=" + qop + ", nc=" + nc + ", cnonce=\"c0ffee\"")
        + ", response=\"" + response + "\"";
  }

  static String nonceOf(String challenge) {
    Map<String, String> p = AuthChallenge.parseAll(List.of(challenge)).get(0).params();
    return p.get("nonce");
  }

  static DigestVerifier.Outcome verify(DigestVerifier v, String authorization, String qop) {
    return v.verify(authorization, "GET", URI, new byte[0], "user", "pass", qop, "MD5");
  }

  @Test
  void theSameAuthorizationIsAcceptedOnceAndNcMustGrow() {
    DigestVerifier v = new DigestVerifier(new ManualClock());
    String nonce = nonceOf(v.challenge("auth", "MD5", false));
    String first = authorization(nonce, "auth", "00000001");
    assertThat(verify(v, first, "auth")).isEqualTo(DigestVerifier.Outcome.OK);
    assertThat(verify(v, first, "auth")).isEqualTo(DigestVerifier.Outcome.STALE); // replayed
    assertThat(verify(v, authorization(nonce, "auth", "00000003"), "auth")).isEqualTo(DigestVerifier.Outcome.OK);
    assertThat(verify(v, authorization(nonce, "auth", "00000002"), "auth")).isEqualTo(DigestVerifier.Outcome.STALE);
    assertThat(verify(v, authorization(nonce, "auth", "0000000g"), "auth")).isEqualTo(DigestVerifier.Outcome.DENIED);
  }

  @Test
  void withoutQopANonceIsGoodForOneRequest() {
    DigestVerifier v = new DigestVerifier(new ManualClock());
    String nonce = nonceOf(v.challenge(null, "MD5", false));
    String auth = authorization(nonce, null, "");
    assertThat(verify(v, auth, null)).isEqualTo(DigestVerifier.Outcome.OK);
    assertThat(verify(v, auth, null)).isEqualTo(DigestVerifier.Outcome.STALE);
  }

  @Test
  void nonceExpiresByTheGivenClockAndAnotherServersNonceIsStale() {
    ManualClock clock = new ManualClock();
    DigestVerifier v = new DigestVerifier(clock);
    String nonce = nonceOf(v.challenge("auth", "MD5", false));
    clock.now = clock.now.plus(DigestVerifier.NONCE_LIFETIME).plus(Duration.ofSeconds(1));
    assertThat(verify(v, authorization(nonce, "auth", "00000001"), "auth")).isEqualTo(DigestVerifier.Outcome.STALE);
    // genuine (same process key) but never issued by this verifier: not in its store
    String foreign = nonceOf(new DigestVerifier(clock).challenge("auth", "MD5", false));
    assertThat(verify(v, authorization(foreign, "auth", "00000001"), "auth")).isEqualTo(DigestVerifier.Outcome.STALE);
  }

  @Test
  void theStoreIsBoundedOldestForgottenFirst() {
    DigestVerifier v = new DigestVerifier(new ManualClock());
    String oldest = nonceOf(v.challenge("auth", "MD5", false));
    String kept = null;
    for (int i = 0; i < DigestVerifier.MAX_NONCES; i++) kept = nonceOf(v.challenge("auth", "MD5", false));
    assertThat(verify(v, authorization(oldest, "auth", "00000001"), "auth")).isEqualTo(DigestVerifier.Outcome.STALE);
    assertThat(verify(v, authorization(kept, "auth", "00000001"), "auth")).isEqualTo(DigestVerifier.Outcome.OK);
  }
}
