package dev.weft.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Stops calling something that keeps failing. After {@code failureThreshold} consecutive failures
 * the breaker opens and refuses calls for {@code openDuration}; then it lets one probe through
 * (half-open): a success closes it, a failure opens it again. Thread-safe.
 *
 * <pre>{@code
 * if (breaker.tryAcquire()) {
 *   try { call(); breaker.onSuccess(); } catch (Exception e) { breaker.onFailure(); }
 * } else { // refused: route the message elsewhere }
 * }</pre>
 */
public final class CircuitBreaker {

  /** Where the breaker stands. */
  public enum State {
    /** Calls pass. */
    CLOSED,
    /** Calls are refused until the open duration has passed. */
    OPEN,
    /** One probe call is allowed to find out whether to close again. */
    HALF_OPEN
  }

  private final int failureThreshold;
  private final Duration openDuration;
  private final InstantSource clock;

  private State state = State.CLOSED;
  private int consecutiveFailures;
  private Instant openedAt;
  private boolean probeInFlight;

  /**
   * @param failureThreshold consecutive failures that open the breaker (at least 1)
   * @param openDuration how long it stays open before a probe
   * @param clock the time source; a test passes one it controls
   */
  public CircuitBreaker(int failureThreshold, Duration openDuration, InstantSource clock) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be at least 1");
    }
    this.failureThreshold = failureThreshold;
    this.openDuration = Objects.requireNonNull(openDuration, "openDuration");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether a call may go ahead now; a caller that gets {@code true} must report the outcome. */
  public synchronized boolean tryAcquire() {
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> {
        if (clock.instant().isBefore(openedAt.plus(openDuration))) {
          yield false;
        }
        state = State.HALF_OPEN;
        probeInFlight = true;
        yield true;
      }
      case HALF_OPEN -> {
        if (probeInFlight) {
          yield false;
        }
        probeInFlight = true;
        yield true;
      }
    };
  }

  /** Reports a successful call: the breaker closes. */
  public synchronized void onSuccess() {
    consecutiveFailures = 0;
    probeInFlight = false;
    state = State.CLOSED;
  }

  /** Reports a failed call: counts towards opening, or reopens after a failed probe. */
  public synchronized void onFailure() {
    probeInFlight = false;
    consecutiveFailures++;
    if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
      state = State.OPEN;
      openedAt = clock.instant();
    }
  }

  /** The state as of now (an open breaker whose time is up reports {@link State#HALF_OPEN}). */
  public synchronized State state() {
    if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openDuration))) {
      return State.HALF_OPEN;
    }
    return state;
  }

  /** Consecutive failures counted so far. */
  public synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }
}
