package dev.courier;

import dev.courier.error.ConnectFailedException;
import dev.courier.error.ConnectTimeoutException;
import dev.courier.error.ConnectionResetException;
import dev.courier.error.DeadlineExceededException;
import dev.courier.error.PoolTimeoutException;
import dev.courier.error.ReadTimeoutException;
import dev.courier.error.TlsException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.http.Headers;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryTest {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private final Retry noJitter = Retry.builder().jitter(0).build();

  @Test
  void backoffDoublesUpToTheCap() {
    Retry r = Retry.builder().jitter(0).backoff(Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(3)).build();
    assertThat(r.backoff(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(r.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(r.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(r.backoff(3)).isEqualTo(Duration.ofSeconds(3));
    assertThat(r.backoff(60)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void jitterCutsAtMostTheFraction() {
    Retry lowest = Retry.builder().jitter(0.5).random(() -> 0.999999).build();
    Retry highest = Retry.builder().jitter(0.5).random(() -> 0.0).build();
    assertThat(highest.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(lowest.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(501));
  }

  @Test
  void retriesListedStatusesForIdempotentMethodsOnly() {
    assertThat(noJitter.delayForStatus("GET", 503, Headers.empty(), 0, NOW)).contains(Duration.ofMillis(500));
    assertThat(noJitter.delayForStatus("PUT", 429, Headers.empty(), 0, NOW)).isPresent();
    assertThat(noJitter.delayForStatus("POST", 503, Headers.empty(), 0, NOW)).isEmpty();
    assertThat(noJitter.delayForStatus("PATCH", 503, Headers.empty(), 0, NOW)).isEmpty();
    assertThat(noJitter.delayForStatus("GET", 500, Headers.empty(), 0, NOW)).isEmpty();
    assertThat(noJitter.delayForStatus("GET", 503, Headers.empty(), 3, NOW)).isEmpty();
    Retry post = Retry.builder().jitter(0).anyMethod().build();
    assertThat(post.delayForStatus("POST", 503, Headers.empty(), 0, NOW)).isPresent();
  }

  @Test
  void retryAfterSecondsAndDatesAreHonouredWithinTheCap() {
    assertThat(noJitter.delayForStatus("GET", 503, Headers.of("Retry-After", "7"), 0, NOW))
        .contains(Duration.ofSeconds(7));
    assertThat(noJitter.delayForStatus("GET", 429,
        Headers.of("Retry-After", "Sun, 22 Nov 2026 00:00:42 GMT"), 0, NOW)).contains(Duration.ofSeconds(42));
    // a date in the past: retry now
    assertThat(noJitter.delayForStatus("GET", 429,
        Headers.of("Retry-After", "Sat, 21 Nov 2026 00:00:00 GMT"), 0, NOW)).contains(Duration.ZERO);
    // beyond the 120 s cap: not retried, the response is returned
    assertThat(noJitter.delayForStatus("GET", 503, Headers.of("Retry-After", "3600"), 0, NOW)).isEmpty();
    // garbage is ignored: the backoff applies
    assertThat(noJitter.delayForStatus("GET", 503, Headers.of("Retry-After", "+5"), 0, NOW))
        .contains(Duration.ofMillis(500));
    assertThat(Retry.parseRetryAfter("٥", NOW)).as("Arabic-Indic digit").isEmpty();
    assertThat(Retry.parseRetryAfter("５", NOW)).as("fullwidth digit").isEmpty();
    Retry ignoring = Retry.builder().jitter(0).respectRetryAfter(false).build();
    assertThat(ignoring.delayForStatus("GET", 503, Headers.of("Retry-After", "7"), 0, NOW))
        .contains(Duration.ofMillis(500));
  }

  @Test
  void obsoleteDateFormsAreAccepted() {
    assertThat(Retry.parseRetryAfter("Sunday, 22-Nov-26 00:01:00 GMT", NOW)).contains(Duration.ofMinutes(1));
    assertThat(Retry.parseRetryAfter("Sun Nov 22 00:01:00 2026", NOW)).contains(Duration.ofMinutes(1));
    assertThat(Retry.parseRetryAfter("99999999999999999999", NOW)).contains(Duration.ofSeconds(100_000_000L));
  }

  @Test
  void failuresAreRetriedByMeaning() {
    Retry r = Retry.defaults();
    ConnectFailedException refused = new ConnectFailedException("connect failed", "http://x/", null);
    ReadTimeoutException slow = new ReadTimeoutException("http://x/", Duration.ofSeconds(1), null);
    DeadlineExceededException deadline = new DeadlineExceededException("http://x/", Duration.ofSeconds(1), true, null);
    assertThat(r.shouldRetry("POST", refused, 0)).as("nothing was sent").isTrue();
    assertThat(r.shouldRetry("POST", slow, 0)).as("POST may have been processed").isFalse();
    assertThat(r.shouldRetry("GET", slow, 0)).isTrue();
    assertThat(r.shouldRetry("GET", deadline, 0)).as("the deadline is final").isFalse();
    assertThat(r.shouldRetry("GET", slow, 3)).isFalse();
    assertThat(r.shouldRetry("GET", new TlsException(TlsException.Reason.TRUST, "bad cert", "https://x/", false, null), 0))
        .as("an untrusted certificate stays untrusted").isFalse();
    assertThat(r.shouldRetry("POST", new PoolTimeoutException("http://x/", Duration.ofSeconds(1), null), 0))
        .as("nothing was sent").isTrue();
    assertThat(r.shouldRetry("POST", new ConnectTimeoutException("http://x/", Duration.ofSeconds(1), null), 0))
        .as("nothing was sent").isTrue();
    var reset = new ConnectionResetException("reset", "http://x/", true, null);
    assertThat(r.shouldRetry("POST", reset, 0)).as("POST may have been processed").isFalse();
    assertThat(r.shouldRetry("GET", reset, 0)).isTrue();
    assertThat(Retry.none().shouldRetry("GET", refused, 0)).isFalse();
  }

  @Test
  void builderRefusesNonsense() {
    assertThatThrownBy(() -> Retry.builder().total(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Retry.builder().jitter(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Retry.builder().statuses(42)).isInstanceOf(IllegalArgumentException.class);
  }
}
