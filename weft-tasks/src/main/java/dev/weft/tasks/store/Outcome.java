package dev.weft.tasks.store;

import java.time.Instant;

/** How a claimed attempt ended, as a worker reports it. Each carries the claim's lease epoch. */
public sealed interface Outcome {

  /** The task. */
  long taskId();

  /** The lease epoch of the claim. */
  long epoch();

  /** The attempt succeeded with a JSON result ({@code null} for none). */
  record Succeeded(long taskId, long epoch, String resultJson) implements Outcome {}

  /** The attempt failed and the task runs again from {@code at}. */
  record Retry(long taskId, long epoch, String error, Instant at) implements Outcome {}

  /**
   * The attempt failed with {@code error} and the task has failed for good; {@code giveUpReason}
   * says why there is no retry ({@code null} when there was no retry policy).
   */
  record Failed(long taskId, long epoch, String error, String giveUpReason) implements Outcome {

    /** The task's error: the attempt's error and why it was the last. */
    public String taskError() {
      return giveUpReason == null ? error : error + " (" + giveUpReason + ")";
    }
  }
}
