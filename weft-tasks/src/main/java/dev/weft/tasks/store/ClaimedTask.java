package dev.weft.tasks.store;

import java.time.Instant;
import java.util.Map;

/**
 * A task a worker has claimed and now holds a lease on.
 *
 * @param id the task
 * @param rootId its run
 * @param nodeId its node
 * @param type its node type
 * @param attempt the attempt now starting (1 for the first); numbers go on across rounds
 * @param roundStart the attempts made before this round of the task's retry rule: 0, or as many as
 *     it had made when {@code weft runs retry} reopened it
 * @param epoch the lease epoch: every write about this attempt must carry it
 * @param roundStartedAt when the first attempt of this round started
 * @param inputs the JSON results of the dependencies that succeeded, by node id
 * @param upstream the status of every dependency, by node id
 */
public record ClaimedTask(
    long id,
    long rootId,
    String nodeId,
    String type,
    int attempt,
    int roundStart,
    long epoch,
    Instant roundStartedAt,
    Map<String, String> inputs,
    Map<String, dev.weft.tasks.TaskStatus> upstream) {

  /** This attempt's number within its round, as the retry rule counts it (1 for the first). */
  public int roundAttempt() {
    return attempt - roundStart;
  }
}
