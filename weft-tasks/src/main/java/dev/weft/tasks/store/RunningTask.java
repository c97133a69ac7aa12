package dev.weft.tasks.store;

/**
 * A task running now, and the worker that holds it.
 *
 * @param worker the worker holding its lease
 * @param taskId the task
 * @param rootId its run
 * @param nodeId its node
 */
public record RunningTask(String worker, long taskId, long rootId, String nodeId) {}
