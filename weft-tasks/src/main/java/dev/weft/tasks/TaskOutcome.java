package dev.weft.tasks;

import java.time.Duration;

/**
 * How one task of a run ended.
 *
 * @param nodeId the node
 * @param type its node type
 * @param status the final status
 * @param result its result, or {@code null}
 * @param error why it failed, or {@code null}
 * @param attempts attempts made (0 when it never ran)
 * @param duration time from first attempt to the end
 */
public record TaskOutcome(
    String nodeId,
    String type,
    TaskStatus status,
    Object result,
    String error,
    int attempts,
    Duration duration) {}
