package dev.weft.tasks.builtin;

import dev.weft.core.Node;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;

/** {@code noop}: does nothing and succeeds; a placeholder or a join point. */
public final class NoopType implements TaskNodeType {

  @Override
  public String name() {
    return "noop";
  }

  @Override
  public String description() {
    return "does nothing and succeeds (a placeholder or a join point)";
  }

  @Override
  public TaskExecutor create(Node node) {
    return context -> null;
  }
}
