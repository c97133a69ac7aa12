package dev.weft.cli;

import dev.weft.core.Node;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;

/** A node type for tests: every attempt fails. */
public final class AlwaysFailType implements TaskNodeType {
  @Override
  public String name() {
    return "always-fail";
  }

  @Override
  public TaskExecutor create(Node node) {
    return context -> {
      throw new IllegalStateException("always fails");
    };
  }
}
