package dev.weft.core;

import dev.weft.core.policy.Backoff;
import dev.weft.core.policy.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The retry rule as written in a manifest; {@link #toPolicy()} turns it into a {@link RetryPolicy}.
 *
 * @param attempts total attempts, the first one included (1 means no retry)
 * @param backoff how the delay between attempts grows
 * @param initial the first delay
 * @param max the largest delay (exponential backoff only), or {@code null} for no cap
 * @param multiplier growth factor per retry (exponential backoff only)
 * @param jitter random spread of each delay, a fraction from 0 to 1
 * @param maxTime give up once this much time has passed since the first attempt, or {@code null}
 * @param on retry only errors whose class (or a superclass) has one of these names; empty means
 *     every error
 */
public record RetrySpec(
    int attempts,
    BackoffKind backoff,
    Duration initial,
    Duration max,
    double multiplier,
    double jitter,
    Duration maxTime,
    List<String> on) {

  /** The shapes of delay between attempts. */
  public enum BackoffKind {
    NONE,
    FIXED,
    EXPONENTIAL;

    /** The name used in manifests. */
    public String manifestName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Default growth factor of exponential backoff. */
  public static final double DEFAULT_MULTIPLIER = 2.0;

  public RetrySpec {
    on = on == null ? List.of() : List.copyOf(on);
  }

  /** {@code attempts} attempts with no delay in between. */
  public static RetrySpec immediate(int attempts) {
    return new RetrySpec(attempts, BackoffKind.NONE, Duration.ZERO, null, 1, 0, null, List.of());
  }

  /** {@code attempts} attempts, {@code delay} apart. */
  public static RetrySpec fixed(int attempts, Duration delay) {
    return new RetrySpec(attempts, BackoffKind.FIXED, delay, null, 1, 0, null, List.of());
  }

  /** {@code attempts} attempts, the delay doubling from {@code initial} up to {@code max}. */
  public static RetrySpec exponential(int attempts, Duration initial, Duration max) {
    return new RetrySpec(
        attempts, BackoffKind.EXPONENTIAL, initial, max, DEFAULT_MULTIPLIER, 0, null, List.of());
  }

  /** The executable policy for this rule. */
  public RetryPolicy toPolicy() {
    Backoff delays =
        switch (backoff) {
          case NONE -> Backoff.none();
          case FIXED -> Backoff.fixed(initial);
          case EXPONENTIAL -> Backoff.exponential(initial, multiplier, max);
        };
    RetryPolicy.Builder policy =
        RetryPolicy.builder().maxAttempts(attempts).backoff(delays).jitter(jitter);
    if (maxTime != null) {
      policy.maxTotalTime(maxTime);
    }
    if (!on.isEmpty()) {
      policy.retryOn(RetryPolicy.errorNamed(on));
    }
    return policy.build();
  }
}
