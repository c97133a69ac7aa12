package dev.weft.core.policy;

import java.time.Duration;

/** What a {@link RetryPolicy} says after a failed attempt. */
public sealed interface RetryDecision {

  /** Try again after {@code delay}. */
  record Retry(Duration delay) implements RetryDecision {}

  /** Stop; {@code reason} says why, in words for a person. */
  record GiveUp(String reason) implements RetryDecision {}

  /** Whether this decision is a retry. */
  default boolean retries() {
    return this instanceof Retry;
  }
}
