package dev.weft.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryPolicyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final RuntimeException BOOM = new IllegalStateException("boom");

  private static Duration delay(RetryDecision decision) {
    assertThat(decision).isInstanceOf(RetryDecision.Retry.class);
    return ((RetryDecision.Retry) decision).delay();
  }

  @Test
  void exponentialBackoffDoublesUpToTheCap() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(10)
            .backoff(Backoff.exponential(Duration.ofMillis(100), 2, Duration.ofMillis(1000)))
            .build();

    List<Long> delays =
        List.of(1, 2, 3, 4, 5, 6).stream()
            .map(a -> delay(policy.decide(a, BOOM, T0, T0)).toMillis())
            .toList();

    assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
  }

  @Test
  void fixedBackoffRepeatsTheSameDelay() {
    RetryPolicy policy =
        RetryPolicy.builder().maxAttempts(4).backoff(Backoff.fixed(Duration.ofSeconds(2))).build();

    assertThat(delay(policy.decide(1, BOOM, T0, T0))).isEqualTo(Duration.ofSeconds(2));
    assertThat(delay(policy.decide(3, BOOM, T0, T0))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void givesUpAfterMaxAttempts() {
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).build();

    assertThat(policy.decide(2, BOOM, T0, T0).retries()).isTrue();
    assertThat(policy.decide(3, BOOM, T0, T0))
        .isEqualTo(new RetryDecision.GiveUp("gave up after 3 of 3 attempts"));
  }

  @Test
  void retriesOnlyMatchingErrorsIncludingCauses() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(5)
            .retryOn(RetryPolicy.errorNamed(List.of("IOException")))
            .build();

    assertThat(policy.decide(1, new IOException("disk"), T0, T0).retries()).isTrue();
    assertThat(
            policy
                .decide(1, new UncheckedIOException(new java.io.FileNotFoundException("x")), T0, T0)
                .retries())
        .as("cause is a subclass of IOException")
        .isTrue();
    assertThat(policy.decide(1, BOOM, T0, T0))
        .isEqualTo(new RetryDecision.GiveUp("error is not retryable: IllegalStateException: boom"));
  }

  /** Every name docs/manifest.md and docs/semantics.md give for {@code on:}, with an error. */
  static Stream<Arguments> documentedNames() {
    return Stream.of(
        Arguments.of("timeout", new TimeoutException("the attempt's own timeout")),
        Arguments.of("timeout", new SocketTimeoutException("read timed out")),
        Arguments.of("timeout", new HttpTimeoutException("request timed out")),
        Arguments.of("timeout", new IllegalStateException(new TimeoutException("as a cause"))),
        Arguments.of("IOException", new IOException("simple name")),
        Arguments.of("java.io.IOException", new IOException("full name")),
        Arguments.of("IOException", new FileNotFoundException("a subclass")),
        Arguments.of("IOException", new UncheckedIOException(new IOException("a cause"))));
  }

  @ParameterizedTest(name = "{0} matches {1}")
  @MethodSource("documentedNames")
  void everyDocumentedNameMatchesItsErrors(String name, Exception error) {
    RetryPolicy policy =
        RetryPolicy.builder().maxAttempts(3).retryOn(RetryPolicy.errorNamed(List.of(name))).build();

    assertThat(policy.decide(1, error, T0, T0).retries()).isTrue();
    assertThat(policy.decide(1, BOOM, T0, T0).retries()).isFalse();
  }

  @Test
  void maxTotalTimeStopsRetriesThatWouldStartTooLate() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(100)
            .backoff(Backoff.fixed(Duration.ofSeconds(10)))
            .maxTotalTime(Duration.ofSeconds(30))
            .build();

    assertThat(policy.decide(2, BOOM, T0, T0.plusSeconds(20)).retries()).isTrue();
    assertThat(policy.decide(3, BOOM, T0, T0.plusSeconds(21)))
        .isEqualTo(new RetryDecision.GiveUp("retrying would pass the max total time of 30s"));
  }

  private static RetryPolicy jittered(long seed) {
    return RetryPolicy.builder()
        .maxAttempts(1000)
        .backoff(Backoff.fixed(Duration.ofMillis(1000)))
        .jitter(0.2)
        .random(new Random(seed))
        .build();
  }

  @Test
  void jitterSpreadsDelaysWithinTheFractionAndIsRepeatableWithASeed() {
    RetryPolicy seeded = jittered(7);
    RetryPolicy again = jittered(7);

    long min = Long.MAX_VALUE;
    long max = 0;
    for (int attempt = 1; attempt < 500; attempt++) {
      long ms = delay(seeded.decide(attempt, BOOM, T0, T0)).toMillis();
      assertThat(delay(again.decide(attempt, BOOM, T0, T0)).toMillis()).isEqualTo(ms);
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
    assertThat(min).isBetween(800L, 850L);
    assertThat(max).isBetween(1150L, 1200L);
  }

  @Test
  void customBackoffIsAnInterface() {
    Backoff linear = retry -> Duration.ofSeconds(retry);
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(5).backoff(linear).build();

    assertThat(delay(policy.decide(3, BOOM, T0, T0))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void badSettingsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .hasMessage("attempts must be at least 1, got 0");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5))
        .hasMessage("jitter must be from 0 to 1, got 1.5");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), 0.5, null))
        .hasMessage("multiplier must be at least 1, got 0.5");
  }
}
