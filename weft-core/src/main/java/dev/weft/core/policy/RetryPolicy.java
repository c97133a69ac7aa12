package dev.weft.core.policy;

import dev.weft.core.Durations;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * When and how soon to retry a failed attempt. Immutable and thread-safe; time comes in as
 * arguments, so callers decide which clock counts (the database's, a test's).
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *     .maxAttempts(5)
 *     .backoff(Backoff.exponential(Duration.ofMillis(100), 2, Duration.ofSeconds(5)))
 *     .jitter(0.2)
 *     .retryOn(e -> e instanceof IOException)
 *     .build();
 * }</pre>
 */
public final class RetryPolicy {

  /** One attempt, no retry. */
  public static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Backoff backoff;
  private final double jitter;
  private final Predicate<Throwable> retryOn;
  private final Duration maxTotalTime;
  private final RandomGenerator random;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.jitter = b.jitter;
    this.retryOn = b.retryOn;
    this.maxTotalTime = b.maxTotalTime;
    this.random = b.random;
  }

  /** A builder starting from three attempts, no delay, every error retried. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The name of every timeout for {@link #errorNamed}: an attempt that ran past its timeout (the
   * task engine fails it with a {@link TimeoutException}), and the JDK's socket and HTTP timeouts.
   */
  public static final String TIMEOUT = "timeout";

  private static final List<String> TIMEOUT_CLASSES =
      List.of(
          TimeoutException.class.getName(),
          SocketTimeoutException.class.getName(),
          "java.net.http.HttpTimeoutException");

  /**
   * Matches errors whose class, or one of its superclasses, has one of {@code names} as its simple
   * or fully qualified name; the causes of the error are checked too. The name {@value #TIMEOUT}
   * matches every timeout.
   */
  public static Predicate<Throwable> errorNamed(List<String> names) {
    List<String> wanted = new ArrayList<>(names);
    if (wanted.contains(TIMEOUT)) {
      wanted.addAll(TIMEOUT_CLASSES);
    }
    return error -> {
      for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
          if (wanted.contains(c.getName()) || wanted.contains(c.getSimpleName())) {
            return true;
          }
        }
      }
      return false;
    };
  }

  /** Total attempts allowed, the first one included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Decides what follows a failed attempt.
   *
   * @param attemptsMade attempts made so far, the failed one included (1 after the first)
   * @param error what the attempt failed with
   * @param firstAttemptAt when the first attempt started
   * @param now the current time
   */
  public RetryDecision decide(
      int attemptsMade, Throwable error, Instant firstAttemptAt, Instant now) {
    if (!retryOn.test(error)) {
      return new RetryDecision.GiveUp("error is not retryable: " + describe(error));
    }
    if (attemptsMade >= maxAttempts) {
      return new RetryDecision.GiveUp(
          "gave up after " + attemptsMade + " of " + maxAttempts + " attempts");
    }
    Duration delay = jittered(backoff.delay(attemptsMade));
    if (maxTotalTime != null && now.plus(delay).isAfter(firstAttemptAt.plus(maxTotalTime))) {
      return new RetryDecision.GiveUp(
          "retrying would pass the max total time of " + Durations.format(maxTotalTime));
    }
    return new RetryDecision.Retry(delay);
  }

  private Duration jittered(Duration delay) {
    if (jitter == 0 || delay.isZero()) {
      return delay;
    }
    double factor = 1 + jitter * (2 * random.nextDouble() - 1);
    return Duration.ofNanos((long) (delay.toNanos() * factor));
  }

  private static String describe(Throwable error) {
    return error.getClass().getSimpleName()
        + (error.getMessage() == null ? "" : ": " + error.getMessage());
  }

  /** Builds a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Backoff backoff = Backoff.none();
    private double jitter;
    private Predicate<Throwable> retryOn = e -> true;
    private Duration maxTotalTime;
    private RandomGenerator random = RandomGenerator.getDefault();

    private Builder() {}

    /** Total attempts, the first one included; at least 1. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The delay before each retry. */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** Spreads each delay at random by up to this fraction either way (0 to 1). */
    public Builder jitter(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("jitter must be from 0 to 1, got " + fraction);
      }
      this.jitter = fraction;
      return this;
    }

    /** Retries only errors this predicate accepts. */
    public Builder retryOn(Predicate<Throwable> predicate) {
      this.retryOn = Objects.requireNonNull(predicate, "predicate");
      return this;
    }

    /** Gives up when the next attempt would start later than this after the first one. */
    public Builder maxTotalTime(Duration limit) {
      this.maxTotalTime = Objects.requireNonNull(limit, "limit");
      return this;
    }

    /** The source of jitter; inject a seeded one for repeatable tests. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The policy. */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
