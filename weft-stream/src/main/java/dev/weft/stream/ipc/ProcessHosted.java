package dev.weft.stream.ipc;

import dev.weft.core.Node;
import dev.weft.stream.StreamNodeType;
import java.util.List;

/**
 * A {@link StreamNodeType} whose nodes always run in their own process, by a host other than the
 * Java one (the Python host, say). Its {@link StreamNodeType#create} is not called.
 */
public interface ProcessHosted extends StreamNodeType {

  /**
   * The command that starts the host for {@code node}; the runtime appends {@code --node JSON},
   * {@code --in FILE} and {@code --out FILE}.
   */
  List<String> hostCommand(Node node);
}
