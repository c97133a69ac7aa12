package dev.weft.tasks.store;

import dev.weft.tasks.TaskStatus;

/**
 * A task that moved to a new status, as a result of a write to the store.
 *
 * @param taskId the task
 * @param rootId its run; equal to {@code taskId} when the run itself ended
 * @param nodeId its node
 * @param status the new status
 * @param error why it failed (for a run that ended: why, when known), or {@code null}
 */
public record StatusChange(
    long taskId, long rootId, String nodeId, TaskStatus status, String error) {

  /** Whether this is the end of a whole run. */
  public boolean runEnded() {
    return taskId == rootId && status.ended();
  }
}
