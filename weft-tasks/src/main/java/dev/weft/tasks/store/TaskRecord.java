package dev.weft.tasks.store;

import dev.weft.tasks.TaskStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * A task as stored.
 *
 * @param id the task
 * @param rootId its run (its own id for a run)
 * @param parentId the task above it, or 0 for a run
 * @param nodeId its node, or the pipeline name for a run
 * @param type its node type, {@code pipeline} for a run
 * @param status where it stands
 * @param priority higher is claimed first
 * @param user who the work is for, or {@code null}
 * @param attempt attempts started
 * @param resultJson the result as JSON, or {@code null}
 * @param error the last error, or {@code null}
 * @param createdAt when it was created
 * @param startedAt when its first attempt started, or {@code null}
 * @param finishedAt when it ended, or {@code null}
 * @param originalId the task (or run) this one is a copy of, or {@code null}
 * @param progress how far it got, from 0 to 1, or {@code null} if it never said
 * @param progressNote what it said it was doing, or {@code null}
 * @param roundStartedAt when its current round began, or {@code null}: for a task, the first
 *     attempt since {@code weft runs retry} reopened it (or ever); for a run, its last retry
 */
public record TaskRecord(
    long id,
    long rootId,
    long parentId,
    String nodeId,
    String type,
    TaskStatus status,
    int priority,
    String user,
    int attempt,
    String resultJson,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Long originalId,
    Double progress,
    String progressNote,
    Instant roundStartedAt) {

  /** From first start to end (or to {@code now} while it runs); zero if it never started. */
  public Duration duration(Instant now) {
    if (startedAt == null) {
      return Duration.ZERO;
    }
    return Duration.between(startedAt, finishedAt == null ? now : finishedAt);
  }
}
