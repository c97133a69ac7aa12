package dev.weft.core.spi;

import dev.weft.core.Kind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kind of node that manifests name by {@link #name()} in {@code type:}. Implementations are found
 * with {@link java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/dev.weft.core.spi.NodeType} of your jar.
 *
 * <p>This interface carries what validation needs; the factory that makes the working node lives in
 * the runtime's sub-interface (for tasks, {@code dev.weft.tasks.TaskNodeType#create}).
 */
public interface NodeType {

  /** The runtime of the types on the class path, which {@code runtime: auto} prefers. */
  String JAVA = "java";

  /**
   * The name manifests use, e.g. {@code echo}; lower case, words joined by {@code -} or {@code .}.
   */
  String name();

  /** The runtimes this type runs in. */
  Set<Kind> kinds();

  /**
   * The runtime that implements this type: {@link #JAVA} for types on the class path; a {@link
   * NodeTypeSource}'s runtime (e.g. {@code python}) for the types it finds.
   */
  default String runtime() {
    return JAVA;
  }

  /** One line saying what the node does. */
  default String description() {
    return "";
  }

  /** The keys {@code with:} may hold, so validation can check them. */
  default ConfigSchema schema() {
    return ConfigSchema.EMPTY;
  }

  /**
   * Problems with a node's config that its schema cannot see, such as a file that must exist.
   * Validation calls this once {@code with} fits the {@link #schema()}, with every {@link
   * ConfigSchema.Type#PATH} value resolved against the manifest's folder. The default finds none.
   */
  default List<ConfigSchema.Violation> check(Map<String, Object> with) {
    return List.of();
  }
}
