package dev.weft.stream;

import dev.weft.core.Kind;
import dev.weft.core.Node;
import dev.weft.core.spi.NodeType;
import java.util.Set;

/**
 * A node type for {@code kind: stream} pipelines: a {@link NodeType} that makes the node's {@link
 * Source}, {@link Transform} or {@link Sink}. Register implementations in {@code
 * META-INF/services/dev.weft.core.spi.NodeType}.
 */
public interface StreamNodeType extends NodeType {

  @Override
  default Set<Kind> kinds() {
    return Set.of(Kind.STREAM);
  }

  /** The stage for {@code node}, whose config has already been validated against the schema. */
  Stage create(Node node);
}
