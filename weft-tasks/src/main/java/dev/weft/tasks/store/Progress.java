package dev.weft.tasks.store;

/**
 * How far a running task has got.
 *
 * @param taskId the task
 * @param fraction from 0 to 1
 * @param note what it is doing, or {@code null}
 */
public record Progress(long taskId, double fraction, String note) {}
