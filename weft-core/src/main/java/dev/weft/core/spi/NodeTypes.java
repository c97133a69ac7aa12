package dev.weft.core.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The node types available, by name. */
public final class NodeTypes {

  private final Map<String, NodeType> byName;

  private NodeTypes(Iterable<? extends NodeType> types) {
    Map<String, NodeType> found = new LinkedHashMap<>();
    for (NodeType type : types) {
      NodeType earlier = found.putIfAbsent(type.name(), type);
      if (earlier != null) {
        throw new IllegalStateException(
            "two node types are named '"
                + type.name()
                + "': "
                + earlier.getClass().getName()
                + " and "
                + type.getClass().getName()
                + "; remove one jar from the class path or rename one type");
      }
    }
    this.byName = Collections.unmodifiableMap(found);
  }

  /** Every type registered with {@link ServiceLoader} on the context class loader. */
  public static NodeTypes load() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  /** Every type registered with {@link ServiceLoader} on {@code loader}. */
  public static NodeTypes load(ClassLoader loader) {
    return new NodeTypes(ServiceLoader.load(NodeType.class, loader));
  }

  /** Exactly these types. */
  public static NodeTypes of(NodeType... types) {
    return new NodeTypes(List.of(types));
  }

  /** The type with this name. */
  public Optional<NodeType> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The type with this name, if it has the runtime role {@code role}. */
  public <T extends NodeType> Optional<T> find(String name, Class<T> role) {
    return find(name).filter(role::isInstance).map(role::cast);
  }

  /** All types, in the order they were found. */
  public Collection<NodeType> all() {
    return byName.values();
  }

  /** All type names. */
  public Collection<String> names() {
    return byName.keySet();
  }
}
