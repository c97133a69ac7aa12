package dev.weft.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A graph of nodes, as loaded from a manifest ({@link dev.weft.core.manifest.Manifests}) or built
 * in Java ({@link #builder(String)}). Both give the same model; {@link
 * dev.weft.core.validate.Validator} checks either.
 *
 * <pre>{@code
 * Pipeline hello = Pipeline.builder("hello")
 *     .kind(Kind.TASKS)
 *     .node("greet", "echo", n -> n.with("message", "Hello"))
 *     .node("done", "noop", n -> n.after("greet"))
 *     .build();
 * }</pre>
 *
 * @param name the pipeline's name
 * @param kind which runtime runs it
 * @param params run parameters with their values after {@code --set} (declared defaults otherwise)
 * @param defaults values every node inherits
 * @param schedule when runs start by themselves ({@code kind: tasks}), or {@code null}
 * @param limits caps on how many tasks of one run run at once
 * @param nodes the nodes in manifest order
 */
public record Pipeline(
    String name,
    Kind kind,
    Map<String, String> params,
    Defaults defaults,
    Schedule schedule,
    RunLimits limits,
    List<Node> nodes) {

  public Pipeline {
    params =
        java.util.Collections.unmodifiableMap(
            params == null ? new LinkedHashMap<>() : new LinkedHashMap<>(params));
    defaults = defaults == null ? Defaults.NONE : defaults;
    limits = limits == null ? RunLimits.NONE : limits; // absent from pipelines stored earlier
    nodes = List.copyOf(nodes);
  }

  /** A builder for a pipeline of this name (kind {@code tasks} unless set). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The first node with this id (a scan: for many lookups, use {@link #nodesById()}). */
  public Optional<Node> node(String id) {
    return nodes.stream().filter(n -> id.equals(n.id())).findFirst();
  }

  /** The same pipeline with other nodes (a selection, an expansion, a rewrite). */
  public Pipeline withNodes(List<Node> newNodes) {
    return new Pipeline(name, kind, params, defaults, schedule, limits, newNodes);
  }

  /** The same pipeline on another schedule. */
  public Pipeline withSchedule(Schedule newSchedule) {
    return new Pipeline(name, kind, params, defaults, newSchedule, limits, nodes);
  }

  /** The nodes by id (the first of each id), in manifest order. */
  public Map<String, Node> nodesById() {
    Map<String, Node> byId = new LinkedHashMap<>(nodes.size() * 2);
    for (Node node : nodes) {
      byId.putIfAbsent(node.id(), node);
    }
    return byId;
  }

  /** Builds a {@link Pipeline}. */
  public static final class Builder {
    private final String name;
    private Kind kind = Kind.TASKS;
    private final Map<String, String> params = new LinkedHashMap<>();
    private Defaults defaults = Defaults.NONE;
    private Schedule schedule;
    private RunLimits limits = RunLimits.NONE;
    private final List<Node> nodes = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder kind(Kind kind) {
      this.kind = kind;
      return this;
    }

    /** Declares a run parameter with its value. */
    public Builder param(String key, String value) {
      params.put(key, value);
      return this;
    }

    public Builder defaults(Defaults defaults) {
      this.defaults = Objects.requireNonNull(defaults, "defaults");
      return this;
    }

    /** Runs the pipeline by itself on this schedule (once registered with a worker's store). */
    public Builder schedule(Schedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /** Caps how many tasks of one run run at once. */
    public Builder limits(RunLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Adds a node with no further settings. */
    public Builder node(String id, String type) {
      return node(id, type, n -> {});
    }

    /** Adds a node, configured by {@code settings}. */
    public Builder node(String id, String type, Consumer<Node.Builder> settings) {
      Node.Builder node = Node.builder(id, type);
      settings.accept(node);
      nodes.add(node.build());
      return this;
    }

    /** Adds a node built elsewhere. */
    public Builder node(Node node) {
      nodes.add(Objects.requireNonNull(node, "node"));
      return this;
    }

    /** The pipeline (not yet validated). */
    public Pipeline build() {
      return new Pipeline(name, kind, params, defaults, schedule, limits, nodes);
    }
  }
}
