package dev.weft.tasks;

import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.tasks.store.WorkQueue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipelines of the runs an engine works on, read from the store once per run and forgotten when
 * the run ends: a worker runs for weeks, so it keeps nothing of ended runs.
 */
final class StoredRuns {

  /** A run's pipeline as stored, with its nodes by id. */
  record StoredRun(Pipeline pipeline, Map<String, Node> nodes) {}

  private final WorkQueue store;
  private final Map<Long, StoredRun> runs = new ConcurrentHashMap<>();

  StoredRuns(WorkQueue store) {
    this.store = store;
  }

  /** Run {@code rootId}'s pipeline. */
  StoredRun get(long rootId) {
    return runs.computeIfAbsent(
        rootId,
        root -> {
          Pipeline pipeline = Json.pipeline(store.pipelineJson(root));
          return new StoredRun(pipeline, pipeline.nodesById());
        });
  }

  /** Forgets an ended run. */
  void forget(long rootId) {
    runs.remove(rootId);
  }
}
