package dev.weft.tasks;

import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.graph.Dag;
import dev.weft.core.policy.RetryDecision;
import dev.weft.core.policy.RetryPolicy;
import dev.weft.core.spi.NodeTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a valid {@code kind: tasks} pipeline in this process, one task at a time in topological
 * order, keeping nothing on disk. A failed task makes its dependents {@code upstream-failed}; the
 * other branches still run. Retries follow each node's retry rule (or the pipeline default).
 */
public final class LocalRunner {

  private final NodeTypes types;
  private final Clock clock;

  /** A runner using these node types and the system clock. */
  public LocalRunner(NodeTypes types) {
    this(types, Clock.systemUTC());
  }

  /** A runner using these node types and {@code clock}. */
  public LocalRunner(NodeTypes types, Clock clock) {
    this.types = types;
    this.clock = clock;
  }

  /** Runs every node and returns how each ended, in the order they ran. */
  public List<TaskOutcome> run(Pipeline pipeline, RunListener listener)
      throws InterruptedException {
    Map<String, TaskOutcome> ended = new LinkedHashMap<>();
    for (String id : Dag.of(pipeline).sort().order()) {
      Node node = pipeline.node(id).orElseThrow();
      TaskOutcome outcome = blockedBy(node, ended);
      if (outcome == null) {
        outcome = attempt(pipeline, node, inputs(node, ended), listener);
      }
      ended.put(id, outcome);
      listener.ended(outcome);
    }
    return new ArrayList<>(ended.values());
  }

  private static TaskOutcome blockedBy(Node node, Map<String, TaskOutcome> ended) {
    for (Dependency dep : node.after()) {
      TaskStatus status = ended.get(dep.id()).status();
      if (dep.required() && status != TaskStatus.SUCCEEDED) {
        return new TaskOutcome(
            node.id(),
            node.type(),
            TaskStatus.UPSTREAM_FAILED,
            null,
            dep.id() + " " + status.display(),
            0,
            Duration.ZERO);
      }
    }
    return null;
  }

  private static Map<String, Object> inputs(Node node, Map<String, TaskOutcome> ended) {
    Map<String, Object> inputs = new HashMap<>();
    for (String dep : node.afterIds()) {
      inputs.put(dep, ended.get(dep).result());
    }
    return inputs;
  }

  private TaskOutcome attempt(
      Pipeline pipeline, Node node, Map<String, Object> inputs, RunListener listener)
      throws InterruptedException {
    TaskExecutor executor =
        types
            .find(node.type(), TaskNodeType.class)
            .orElseThrow(() -> new IllegalArgumentException("not a task node type: " + node.type()))
            .create(node);
    RetrySpec spec = node.retry() != null ? node.retry() : pipeline.defaults().retry();
    RetryPolicy policy = spec == null ? RetryPolicy.NONE : spec.toPolicy();
    Instant first = clock.instant();
    for (int attempt = 1; ; attempt++) {
      listener.started(node.id(), attempt);
      try {
        Object result = executor.execute(new TaskContext(node, inputs, attempt, pipeline.params()));
        return outcome(node, TaskStatus.SUCCEEDED, result, null, attempt, first);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        RetryDecision decision = policy.decide(attempt, e, first, clock.instant());
        if (decision instanceof RetryDecision.Retry(Duration delay)) {
          Thread.sleep(delay);
        } else {
          return outcome(node, TaskStatus.FAILED, null, describe(e), attempt, first);
        }
      }
    }
  }

  private TaskOutcome outcome(
      Node node, TaskStatus status, Object result, String error, int attempts, Instant first) {
    return new TaskOutcome(
        node.id(),
        node.type(),
        status,
        result,
        error,
        attempts,
        Duration.between(first, clock.instant()));
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
