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
 * @param attempt the attempt now starting (1 for the first)
 * @param epoch the lease epoch: every write about this attempt must carry it
 * @param firstStartedAt when the task's first attempt started
 * @param inputs the JSON results of the dependencies that succeeded, by node id
 * @param upstream the status of every dependency, by node id
 */
public record ClaimedTask(
    long id,
    long rootId,
    String nodeId,
    String type,
    int attempt,
    long epoch,
    Instant firstStartedAt,
    Map<String, String> inputs,
    Map<String, dev.weft.tasks.TaskStatus> upstream) {}
