package dev.weft.core.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The node types available, by name and runtime. A name may have one type per runtime: {@code java}
 * (the class path) and those of each {@link NodeTypeSource} (e.g. {@code python}). Looking a name
 * up without a runtime ({@code runtime: auto}) prefers Java and falls back to the sources in the
 * order they were found. A source is asked for its types only when a look-up needs it, once.
 */
public final class NodeTypes {

  /** What {@code runtime:} may also say: Java first, else another runtime. */
  public static final String AUTO = "auto";

  private final Map<String, NodeType> java;
  private final List<NodeTypeSource> sources;
  private Map<String, Map<String, NodeType>> others; // runtime -> name -> type, once asked
  private final Map<String, String> problems = new LinkedHashMap<>();

  private NodeTypes(Iterable<? extends NodeType> types, List<NodeTypeSource> sources) {
    this.java = index(types, NodeType.JAVA);
    this.sources = List.copyOf(sources);
  }

  private static Map<String, NodeType> index(Iterable<? extends NodeType> types, String runtime) {
    Map<String, NodeType> found = new LinkedHashMap<>();
    for (NodeType type : types) {
      NodeType earlier = found.putIfAbsent(type.name(), type);
      if (earlier != null) {
        throw new IllegalStateException(
            "two "
                + runtime
                + " node types are named '"
                + type.name()
                + "': "
                + earlier.getClass().getName()
                + " and "
                + type.getClass().getName()
                + "; remove one jar from the class path or rename one type");
      }
    }
    return found;
  }

  /** Every type registered with {@link ServiceLoader} on the context class loader. */
  public static NodeTypes load() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  /**
   * Every type registered with {@link ServiceLoader} on {@code loader}, and the {@link
   * NodeTypeSource}s registered there.
   */
  public static NodeTypes load(ClassLoader loader) {
    List<NodeTypeSource> sources = new ArrayList<>();
    ServiceLoader.load(NodeTypeSource.class, loader).forEach(sources::add);
    return new NodeTypes(ServiceLoader.load(NodeType.class, loader), sources);
  }

  /** Exactly these Java types. */
  public static NodeTypes of(NodeType... types) {
    return new NodeTypes(List.of(types), List.of());
  }

  /** These Java types, and the types of these sources. */
  public static NodeTypes of(List<NodeType> types, List<NodeTypeSource> sources) {
    return new NodeTypes(types, sources);
  }

  /**
   * These types and {@code more} (Java types an application registers in code, say), with the same
   * sources.
   *
   * @throws IllegalStateException when one of {@code more} has the name of a type already here
   */
  public NodeTypes plus(List<? extends NodeType> more) {
    List<NodeType> all = new ArrayList<>(java.values());
    all.addAll(more);
    return new NodeTypes(all, sources);
  }

  /** The type with this name: the Java one if there is one, else another runtime's. */
  public Optional<NodeType> find(String name) {
    return find(name, AUTO);
  }

  /**
   * The type with this name in {@code runtime} ({@code java}, a source's runtime), or as {@link
   * #find(String)} for {@code auto} or {@code null}.
   */
  public Optional<NodeType> find(String name, String runtime) {
    if (runtime == null || runtime.equals(AUTO)) {
      NodeType type = java.get(name);
      if (type != null) {
        return Optional.of(type);
      }
      return others().values().stream()
          .map(types -> types.get(name))
          .filter(t -> t != null)
          .findFirst();
    }
    if (runtime.equals(NodeType.JAVA)) {
      return Optional.ofNullable(java.get(name));
    }
    return Optional.ofNullable(others().getOrDefault(runtime, Map.of()).get(name));
  }

  /** The type with this name, if it has the runtime role {@code role}. */
  public <T extends NodeType> Optional<T> find(String name, Class<T> role) {
    return find(name).filter(role::isInstance).map(role::cast);
  }

  /** The runtimes that have a type of this name, Java first. */
  public List<String> runtimes(String name) {
    List<String> found = new ArrayList<>();
    if (java.containsKey(name)) {
      found.add(NodeType.JAVA);
    }
    others()
        .forEach((runtime, types) -> {
          if (types.containsKey(name)) {
            found.add(runtime);
          }
        });
    return found;
  }

  /** Every runtime a manifest may name: {@code java} and each source's. */
  public List<String> runtimeNames() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    names.add(NodeType.JAVA);
    sources.forEach(s -> names.add(s.runtime()));
    return List.copyOf(names);
  }

  /** Why {@code runtime}'s types could not be listed, if they could not. */
  public Optional<String> problem(String runtime) {
    others();
    synchronized (this) {
      return Optional.ofNullable(problems.get(runtime));
    }
  }

  /** One type per name, as {@link #find(String)} picks it, Java's first. */
  public Collection<NodeType> all() {
    Map<String, NodeType> all = new LinkedHashMap<>(java);
    others().values().forEach(types -> types.forEach(all::putIfAbsent));
    return List.copyOf(all.values());
  }

  /** All type names, of every runtime. */
  public Collection<String> names() {
    return all().stream().map(NodeType::name).toList();
  }

  private synchronized Map<String, Map<String, NodeType>> others() {
    if (others == null) {
      Map<String, Map<String, NodeType>> found = new LinkedHashMap<>();
      for (NodeTypeSource source : sources) {
        try {
          found
              .computeIfAbsent(source.runtime(), r -> new LinkedHashMap<>())
              .putAll(index(source.types(), source.runtime()));
        } catch (IllegalStateException e) {
          problems.put(source.runtime(), e.getMessage());
        }
      }
      others = found;
    }
    return others;
  }
}
