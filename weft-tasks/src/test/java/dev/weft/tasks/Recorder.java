package dev.weft.tasks;

import dev.weft.core.Node;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A task node type for tests: records the node ids it runs, in order, and returns the id. */
final class Recorder implements TaskNodeType {
  final List<String> ran = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "record";
  }

  @Override
  public TaskExecutor create(Node node) {
    return context -> {
      ran.add(node.id());
      return node.id();
    };
  }
}
