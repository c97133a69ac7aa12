package dev.weft.tasks;

import dev.weft.core.Kind;
import dev.weft.core.Node;
import dev.weft.core.spi.NodeType;
import java.util.Set;

/**
 * A node type for {@code kind: tasks} pipelines: a {@link NodeType} that can make the executor for
 * a node. Register implementations in {@code META-INF/services/dev.weft.core.spi.NodeType}.
 */
public interface TaskNodeType extends NodeType {

  @Override
  default Set<Kind> kinds() {
    return Set.of(Kind.TASKS);
  }

  /** The executor for {@code node}, whose config has already been validated against the schema. */
  TaskExecutor create(Node node);
}
