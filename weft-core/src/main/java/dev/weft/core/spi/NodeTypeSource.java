package dev.weft.core.spi;

import java.util.List;

/**
 * Node types of another runtime than Java, found when first needed rather than on the class path:
 * the Python node types that modules register with {@code @weft.node("name")}, say. Implementations
 * are found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.weft.core.spi.NodeTypeSource}); {@link NodeTypes} asks one only when a
 * manifest names a type the class path lacks, asks for its runtime, or all types are listed.
 */
public interface NodeTypeSource {

  /** The runtime's name, as {@code runtime:} in a manifest names it, e.g. {@code python}. */
  String runtime();

  /**
   * The types found, each with {@link NodeType#runtime()} equal to {@link #runtime()}.
   *
   * @throws IllegalStateException saying why the runtime's types cannot be listed (its interpreter
   *     is missing, say); the message is shown as a hint where a manifest needs them
   */
  List<NodeType> types();
}
