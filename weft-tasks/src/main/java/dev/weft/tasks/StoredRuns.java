package dev.weft.tasks;

import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.tasks.store.TraceContext;
import dev.weft.tasks.store.WorkQueue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipelines of the runs an engine works on, read from the store once per run and forgotten when
 * the run ends: a worker runs for weeks, so it keeps nothing of ended runs.
 */
final class StoredRuns {

  /**
   * A run's pipeline as stored, with its nodes by id, and its trace ({@code null} when it has none,
   * or when this engine does not trace).
   */
  record StoredRun(Pipeline pipeline, Map<String, Node> nodes, TraceContext trace) {}

  private final WorkQueue store;
  private final boolean traced;
  private final Map<Long, StoredRun> runs = new ConcurrentHashMap<>();

  /** The runs of {@code store}, with their traces when {@code traced}. */
  StoredRuns(WorkQueue store, boolean traced) {
    this.store = store;
    this.traced = traced;
  }

  /** Run {@code rootId}'s pipeline. */
  StoredRun get(long rootId) {
    return runs.computeIfAbsent(
        rootId,
        root -> {
          Pipeline pipeline = Json.pipeline(store.pipelineJson(root));
          TraceContext trace = traced ? store.trace(root).orElse(null) : null;
          return new StoredRun(pipeline, pipeline.nodesById(), trace);
        });
  }

  /** Forgets an ended run. */
  void forget(long rootId) {
    runs.remove(rootId);
  }
}
