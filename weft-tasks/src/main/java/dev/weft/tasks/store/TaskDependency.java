package dev.weft.tasks.store;

/**
 * One task waiting for another.
 *
 * @param taskId the task that waits
 * @param dependsOn the task it waits for
 * @param required whether it needs that task to succeed (otherwise it only waits for its end)
 */
public record TaskDependency(long taskId, long dependsOn, boolean required) {}
