package dev.weft.tasks;

import dev.weft.core.Node;
import java.util.Map;

/**
 * What a task sees while it runs.
 *
 * @param runId the run
 * @param taskId the task
 * @param node the node being run, with its {@code with:} config
 * @param inputs the results of the dependencies that succeeded, by node id
 * @param attempt 1 for the first attempt, 2 for the first retry, and so on
 * @param params the run parameters
 */
public record TaskContext(
    long runId,
    long taskId,
    Node node,
    Map<String, Object> inputs,
    int attempt,
    Map<String, String> params) {

  public TaskContext {
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    params = Map.copyOf(params);
  }

  /** The config value {@code key}, or {@code fallback} when it is not set. */
  public Object config(String key, Object fallback) {
    Object value = node.with().get(key);
    return value == null ? fallback : value;
  }

  /**
   * Whether the task should stop: its thread was interrupted (the run is cancelled or the attempt
   * timed out). Long tasks check it, or let blocking calls throw {@link InterruptedException}.
   */
  public boolean cancelled() {
    return Thread.currentThread().isInterrupted();
  }
}
