package dev.weft.bench.burndown;

import dev.weft.core.Node;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;

/**
 * {@code bench.noop}: a burn-down job. Does nothing but note in the {@link Ledger} that its task
 * ran, so the harness can check each ran once.
 */
public final class BenchNoopType implements TaskNodeType {

  @Override
  public String name() {
    return "bench.noop";
  }

  @Override
  public String description() {
    return "a benchmark job: records that it ran and succeeds";
  }

  @Override
  public TaskExecutor create(Node node) {
    return context -> {
      Ledger.ran(context.taskId());
      return null;
    };
  }
}
