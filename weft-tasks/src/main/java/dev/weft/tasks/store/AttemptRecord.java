package dev.weft.tasks.store;

import java.time.Instant;

/**
 * One attempt of a task.
 *
 * @param attempt 1 for the first
 * @param worker who ran it
 * @param startedAt when it started
 * @param finishedAt when it ended, or {@code null} while it runs
 * @param outcome {@code succeeded}, {@code failed}, {@code abandoned} (its worker died), or {@code
 *     null} while it runs
 * @param error the error, or {@code null}
 */
public record AttemptRecord(
    int attempt,
    String worker,
    Instant startedAt,
    Instant finishedAt,
    String outcome,
    String error) {}
