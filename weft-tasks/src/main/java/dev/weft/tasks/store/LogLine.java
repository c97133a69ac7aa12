package dev.weft.tasks.store;

import java.time.Instant;

/**
 * A log line of a task's attempt.
 *
 * @param taskId the task
 * @param attempt the attempt that logged it
 * @param at when
 * @param level {@code info}, {@code warn} or {@code error}
 * @param message the text
 */
public record LogLine(long taskId, int attempt, Instant at, String level, String message) {}
