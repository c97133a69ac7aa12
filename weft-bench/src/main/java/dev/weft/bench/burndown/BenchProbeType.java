package dev.weft.bench.burndown;

import dev.weft.core.Node;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;

/**
 * {@code bench.probe}: a latency probe. Reports to the {@link Ledger} the moment its code starts,
 * keyed by its run's id.
 */
public final class BenchProbeType implements TaskNodeType {

  @Override
  public String name() {
    return "bench.probe";
  }

  @Override
  public String description() {
    return "a benchmark probe: reports when it starts and succeeds";
  }

  @Override
  public TaskExecutor create(Node node) {
    return context -> {
      Ledger.probe(context.runId());
      return null;
    };
  }
}
