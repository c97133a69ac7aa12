package dev.weft.tasks.store;

import java.time.Duration;
import java.time.Instant;

/**
 * How a claimed attempt ended, as a worker reports it. Each names the claim it answers: the store
 * ignores an outcome whose claim's lease epoch is no longer current.
 */
public sealed interface Outcome {

  /** The claim this outcome answers. */
  ClaimedTask claim();

  /**
   * The attempt succeeded with a JSON result ({@code null} for none); with {@code keep}, the result
   * is kept for reuse under that fingerprint until then.
   */
  record Succeeded(ClaimedTask claim, String resultJson, Keep keep) implements Outcome {
    /** A result not kept for reuse. */
    public Succeeded(ClaimedTask claim, String resultJson) {
      this(claim, resultJson, null);
    }
  }

  /**
   * Where a result is kept for reuse.
   *
   * @param fingerprint the task's fingerprint
   * @param ttl how long the result is reused, counted from when the store keeps it; {@code null}
   *     for ever
   */
  record Keep(String fingerprint, Duration ttl) {}

  /** The task reused the result of task {@code originalId}, kept under its fingerprint. */
  record Cached(ClaimedTask claim, String resultJson, long originalId) implements Outcome {}

  /** The task's condition was false: it ends skipped, and so does what requires it. */
  record Skipped(ClaimedTask claim, String reason) implements Outcome {}

  /**
   * The attempt failed and the task runs again from {@code at}; {@code timedOut} when it was
   * interrupted by its timeout (the attempt is recorded {@code timed-out}).
   */
  record Retry(ClaimedTask claim, String error, Instant at, boolean timedOut) implements Outcome {
    /** A failed attempt that did not time out. */
    public Retry(ClaimedTask claim, String error, Instant at) {
      this(claim, error, at, false);
    }
  }

  /**
   * The attempt failed with {@code error} and the task has failed for good; {@code giveUpReason}
   * says why there is no retry ({@code null} when there was no retry policy).
   */
  record Failed(ClaimedTask claim, String error, String giveUpReason, boolean timedOut)
      implements Outcome {

    /** A failed attempt that did not time out. */
    public Failed(ClaimedTask claim, String error, String giveUpReason) {
      this(claim, error, giveUpReason, false);
    }

    /** The task's error: the attempt's error and why it was the last. */
    public String taskError() {
      return giveUpReason == null ? error : error + " (" + giveUpReason + ")";
    }
  }
}
