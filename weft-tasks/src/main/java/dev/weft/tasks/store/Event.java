package dev.weft.tasks.store;

import dev.weft.tasks.TaskStatus;
import java.time.Instant;

/**
 * One entry of the store's event log ({@link TaskStore#events}): a task or run that changed status,
 * or a task's progress, written in the transaction of the change itself.
 *
 * @param id its place in the log: ids only grow, in the order the changes committed
 * @param at when the change happened
 * @param runId the run
 * @param taskId the task; the run's id for a {@link Kind#RUN} event
 * @param user the run's owner, or {@code null} for a run without one
 * @param kind what changed
 * @param nodeId the task's node (the pipeline's name for a run)
 * @param status the new status, or {@code null} for progress
 * @param error why it failed or was cancelled, or {@code null}
 * @param progress for progress, from 0 to 1; else {@code null}
 * @param note for progress, what the task is doing, or {@code null}
 */
public record Event(
    long id,
    Instant at,
    long runId,
    long taskId,
    String user,
    Kind kind,
    String nodeId,
    TaskStatus status,
    String error,
    Double progress,
    String note) {

  /** What an event is about. */
  public enum Kind {
    /** A run started, was retried, or ended. */
    RUN,
    /** A task started an attempt (running) or ended. */
    TASK,
    /** A running task reported how far it got. */
    PROGRESS;

    /** The name as the log and the API write it: {@code run}, {@code task}, {@code progress}. */
    public String display() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Which events {@link TaskStore#events} reads.
   *
   * @param afterId only those after this id (0: from the oldest kept)
   * @param runId only this run's, or {@code null}
   * @param user only those of this user's runs, or {@code null}
   * @param limit at most this many
   */
  public record Query(long afterId, Long runId, String user, int limit) {
    public Query {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, not " + limit);
      }
    }
  }
}
