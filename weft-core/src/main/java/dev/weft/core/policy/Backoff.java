package dev.weft.core.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The delay before a retry. Implement it for a custom shape; the built-in ones are {@link #none()},
 * {@link #fixed(Duration)} and {@link #exponential(Duration, double, Duration)}.
 */
@FunctionalInterface
public interface Backoff {

  /**
   * The delay before retry number {@code retry}.
   *
   * @param retry 1 for the first retry (the second attempt), 2 for the next, and so on
   */
  Duration delay(int retry);

  /** Retry at once. */
  static Backoff none() {
    return retry -> Duration.ZERO;
  }

  /** The same delay before every retry. */
  static Backoff fixed(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return retry -> delay;
  }

  /**
   * {@code initial * multiplier^(retry-1)}, capped at {@code max}.
   *
   * @param max the cap, or {@code null} for none
   */
  static Backoff exponential(Duration initial, double multiplier, Duration max) {
    Objects.requireNonNull(initial, "initial");
    if (multiplier < 1) {
      throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
    }
    double cap = max == null ? Double.MAX_VALUE : max.toNanos();
    return retry -> {
      double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
      return Duration.ofNanos((long) Math.min(Math.min(nanos, cap), Long.MAX_VALUE));
    };
  }
}
