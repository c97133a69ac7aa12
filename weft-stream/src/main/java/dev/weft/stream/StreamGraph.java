package dev.weft.stream;

import dev.weft.core.policy.CircuitBreaker;
import dev.weft.core.policy.RetryPolicy;
import dev.weft.core.validate.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A streaming dataflow graph: sources, transforms and sinks joined by bounded channels. Every node
 * runs for the whole run; {@link #start()} runs it.
 *
 * <pre>{@code
 * StreamGraph graph = StreamGraph.builder("numbers")
 *     .source("numbers", (Emitter<Long> out) -> { for (long i = 0; i < 1000; i++) out.emit(i); })
 *     .map("double", "numbers", (Long x) -> x * 2)
 *     .filter("big", "double", (Long x) -> x > 100)
 *     .sink("print", "big", System.out::println)
 *     .build();
 * StreamResult result = graph.start().await();
 * }</pre>
 *
 * @param name the graph's name, used in thread names
 * @param nodes the nodes, in the order they were added
 * @param edges per-edge options by {@code from -> to}
 * @param defaultEdge the options of edges not in {@code edges}
 */
public record StreamGraph(
    String name, List<NodeSpec> nodes, Map<String, EdgeSpec> edges, EdgeSpec defaultEdge) {

  public StreamGraph {
    nodes = List.copyOf(nodes);
    edges = Map.copyOf(edges);
  }

  /** What a node does in the graph. */
  public enum Role {
    SOURCE,
    TRANSFORM,
    SINK
  }

  /**
   * One node.
   *
   * @param id unique in the graph
   * @param role what it does
   * @param stage its {@link Source}, {@link Transform} or {@link Sink}
   * @param inputs the nodes it consumes, merged as their messages arrive
   * @param retry how a failed message is retried
   * @param breaker a circuit breaker over its messages, or {@code null}
   * @param errorsTo nodes that get its {@link FailedMessage}s; when none, a message it gives up on
   *     fails the run
   */
  public record NodeSpec(
      String id,
      Role role,
      Stage stage,
      List<String> inputs,
      RetryPolicy retry,
      CircuitBreaker breaker,
      List<String> errorsTo) {}

  /**
   * The options of one edge.
   *
   * @param capacity messages the channel holds
   * @param policy what happens when it is full
   */
  public record EdgeSpec(int capacity, OverflowPolicy policy) {
    /** 1,024 messages, blocking when full. */
    public static final EdgeSpec DEFAULT = new EdgeSpec(1024, OverflowPolicy.BLOCK);
  }

  /** Edge key for {@link #edges}. */
  static String edgeKey(String from, String to) {
    return from + " -> " + to;
  }

  /** The options of the edge {@code from -> to}. */
  public EdgeSpec edge(String from, String to) {
    return edges.getOrDefault(edgeKey(from, to), defaultEdge);
  }

  /** Starts every node on its own thread and returns the running graph. */
  public StreamRun start() {
    return new StreamRun(this);
  }

  /** A builder for a graph of this name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link StreamGraph}; {@link #build} checks it. */
  public static final class Builder {
    private final String name;
    private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
    private final Map<String, EdgeSpec> edges = new LinkedHashMap<>();
    private EdgeSpec defaultEdge = EdgeSpec.DEFAULT;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    private Builder add(String id, Role role, Stage stage, String... inputs) {
      if (nodes.containsKey(id)) {
        throw new IllegalArgumentException("duplicate node id '" + id + "'");
      }
      nodes.put(
          id,
          new NodeSpec(
              id,
              role,
              Objects.requireNonNull(stage, "stage"),
              List.of(inputs),
              RetryPolicy.NONE,
              null,
              List.of()));
      return this;
    }

    /** Adds a source. */
    public <T> Builder source(String id, Source<T> source) {
      return add(id, Role.SOURCE, source);
    }

    /** Adds a transform reading {@code inputs} (several: merged as their messages arrive). */
    public <I, O> Builder transform(String id, Transform<I, O> transform, String... inputs) {
      return add(id, Role.TRANSFORM, transform, inputs);
    }

    /** Adds a one-to-one transform. */
    public <I, O> Builder map(String id, String input, Function<I, O> map) {
      return transform(id, (I m, Emitter<O> out) -> out.emit(map.apply(m)), input);
    }

    /** Adds a transform that passes on the messages {@code keep} accepts. */
    public <T> Builder filter(String id, String input, Predicate<T> keep) {
      return transform(
          id,
          (T m, Emitter<T> out) -> {
            if (keep.test(m)) {
              out.emit(m);
            }
          },
          input);
    }

    /** Adds a sink reading {@code inputs}. */
    public <T> Builder sink(String id, Sink<T> sink, String... inputs) {
      return add(id, Role.SINK, sink, inputs);
    }

    /** Sets the options of one edge. */
    public Builder edge(String from, String to, int capacity, OverflowPolicy policy) {
      edges.put(edgeKey(from, to), new EdgeSpec(capacity, policy));
      return this;
    }

    /** Sets the options of every edge not set with {@link #edge}. */
    public Builder defaultEdge(int capacity, OverflowPolicy policy) {
      defaultEdge = new EdgeSpec(capacity, policy);
      return this;
    }

    /** Retries a node's failed messages by {@code policy}. */
    public Builder retry(String id, RetryPolicy policy) {
      return change(
          id,
          n ->
              new NodeSpec(
                  n.id(), n.role(), n.stage(), n.inputs(), policy, n.breaker(), n.errorsTo()));
    }

    /** Puts a circuit breaker over a node's messages. */
    public Builder breaker(String id, CircuitBreaker breaker) {
      return change(
          id,
          n ->
              new NodeSpec(
                  n.id(), n.role(), n.stage(), n.inputs(), n.retry(), breaker, n.errorsTo()));
    }

    /** Sends the messages {@code id} gives up on to {@code target} instead of failing the run. */
    public Builder errors(String id, String target) {
      List<String> targets = new ArrayList<>(node(id).errorsTo());
      targets.add(target);
      return change(
          id,
          n ->
              new NodeSpec(
                  n.id(), n.role(), n.stage(), n.inputs(), n.retry(), n.breaker(), targets));
    }

    private NodeSpec node(String id) {
      NodeSpec node = nodes.get(id);
      if (node == null) {
        throw new IllegalArgumentException(
            "no node '" + id + "'; " + Suggestions.didYouMean(id, nodes.keySet(), "nodes"));
      }
      return node;
    }

    private Builder change(String id, Function<NodeSpec, NodeSpec> change) {
      nodes.put(id, change.apply(node(id)));
      return this;
    }

    /**
     * The graph, checked: every input and error target is a node, sources have no inputs, others
     * have at least one, sinks feed nothing, and there is no cycle.
     *
     * @throws IllegalArgumentException naming every problem
     */
    public StreamGraph build() {
      List<String> problems = new ArrayList<>();
      Map<String, List<String>> downstream = new HashMap<>();
      Set<String> fedErrors = new HashSet<>();
      nodes.values().forEach(n -> fedErrors.addAll(n.errorsTo()));
      for (NodeSpec node : nodes.values()) {
        if (node.role() == Role.SOURCE && !node.inputs().isEmpty()) {
          problems.add(node.id() + ": a source has no inputs");
        }
        if (node.role() != Role.SOURCE
            && node.inputs().isEmpty()
            && !fedErrors.contains(node.id())) {
          problems.add(node.id() + ": needs at least one input");
        }
        List<String> upstream = new ArrayList<>(node.inputs());
        for (String input : upstream) {
          if (!nodes.containsKey(input)) {
            problems.add(
                node.id()
                    + ": unknown input '"
                    + input
                    + "'; "
                    + Suggestions.didYouMean(input, nodes.keySet(), "nodes"));
          } else {
            downstream.computeIfAbsent(input, k -> new ArrayList<>()).add(node.id());
          }
        }
        for (String target : node.errorsTo()) {
          if (!nodes.containsKey(target)) {
            problems.add(node.id() + ": unknown errors target '" + target + "'");
          } else {
            downstream.computeIfAbsent(node.id(), k -> new ArrayList<>()).add(target);
          }
        }
      }
      for (NodeSpec node : nodes.values()) {
        if (node.role() == Role.SINK
            && downstream.getOrDefault(node.id(), List.of()).stream()
                .anyMatch(d -> nodes.get(d).inputs().contains(node.id()))) {
          problems.add(node.id() + ": a sink emits nothing, so nothing can read it");
        }
      }
      cycle(downstream).ifPresent(path -> problems.add("cycle: " + String.join(" -> ", path)));
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "stream graph " + name + " is invalid: " + String.join("; ", problems));
      }
      return new StreamGraph(name, List.copyOf(nodes.values()), edges, defaultEdge);
    }

    private java.util.Optional<List<String>> cycle(Map<String, List<String>> downstream) {
      Set<String> done = new HashSet<>();
      for (String start : nodes.keySet()) {
        List<String> path = new ArrayList<>();
        if (visit(start, downstream, done, path, new HashSet<>())) {
          return java.util.Optional.of(path);
        }
      }
      return java.util.Optional.empty();
    }

    private static boolean visit(
        String node,
        Map<String, List<String>> downstream,
        Set<String> done,
        List<String> path,
        Set<String> onPath) {
      if (onPath.contains(node)) {
        path.add(node);
        return true;
      }
      if (!done.add(node)) {
        return false;
      }
      path.add(node);
      onPath.add(node);
      for (String next : downstream.getOrDefault(node, List.of())) {
        if (visit(next, downstream, done, path, onPath)) {
          return true;
        }
      }
      onPath.remove(node);
      path.removeLast();
      return false;
    }
  }
}
