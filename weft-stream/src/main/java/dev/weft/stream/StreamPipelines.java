package dev.weft.stream;

import dev.weft.core.Dependency;
import dev.weft.core.IsolationSpec;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.policy.CircuitBreaker;
import dev.weft.core.spi.NodeTypes;
import dev.weft.stream.ipc.ProcessHosted;
import dev.weft.stream.ipc.ProcessStages;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns a valid {@code kind: stream} pipeline from a manifest into a {@link StreamGraph}. */
public final class StreamPipelines {

  private StreamPipelines() {}

  /**
   * The graph of {@code pipeline}: each node's stage made by its {@link StreamNodeType}, its {@code
   * after:} entries its inputs (with their capacity and policy), {@code output: errors} entries fed
   * by the messages that node gave up on, and its retry rule.
   */
  public static StreamGraph graph(Pipeline pipeline, NodeTypes types) {
    StreamGraph.Builder graph = StreamGraph.builder(pipeline.name());
    Set<String> read = new HashSet<>();
    pipeline.nodes().forEach(n -> n.after().forEach(d -> read.add(d.id())));
    for (Node node : pipeline.nodes()) {
      StreamNodeType type =
          types
              .find(node.type(), node.stream().runtime())
              .filter(StreamNodeType.class::isInstance)
              .map(StreamNodeType.class::cast)
              .orElseThrow(() ->
                  new IllegalArgumentException(
                      "no stream node type '"
                          + node.type()
                          + "'"
                          + (node.stream().runtime() == null
                              ? ""
                              : " in runtime " + node.stream().runtime())));
      Stage stage = stage(node, type, read.contains(node.id()));
      String[] inputs =
          node.after().stream()
              .filter(d -> !d.readsErrors())
              .map(Dependency::id)
              .toArray(String[]::new);
      switch (stage) {
        case Source<?> source -> graph.source(node.id(), source);
        case Transform<?, ?> transform -> graph.transform(node.id(), transform, inputs);
        case Sink<?> sink -> graph.sink(node.id(), sink, inputs);
        default ->
            throw new IllegalArgumentException(
                "node type '" + node.type() + "' made neither a source, a transform nor a sink");
      }
      RetrySpec retry = node.retry() != null ? node.retry() : pipeline.defaults().retry();
      if (retry != null) {
        graph.retry(node.id(), retry.toPolicy());
      }
      if (node.stream().breaker() != null) {
        graph.breaker(
            node.id(),
            new CircuitBreaker(
                node.stream().breaker().failures(),
                node.stream().breaker().open(),
                InstantSource.system()));
      }
    }
    for (Node node : pipeline.nodes()) {
      for (Dependency d : node.after()) {
        if (d.readsErrors()) {
          graph.errors(d.id(), node.id());
        }
        if (d.capacity() != null || d.policy() != null) {
          graph.edge(
              d.id(),
              node.id(),
              d.capacity() != null ? d.capacity() : StreamGraph.EdgeSpec.DEFAULT.capacity(),
              d.policy() == null
                  ? OverflowPolicy.BLOCK
                  : OverflowPolicy.valueOf(d.policy().toUpperCase(Locale.ROOT).replace('-', '_')));
        }
      }
    }
    return graph.build();
  }

  /**
   * The node's stage: made by its type, or, for {@code isolation: process} and types that always
   * run in a process, a stage that runs it in one; its role there comes from its place in the graph
   * (no inputs: a source; read by another node: a transform; else a sink).
   */
  private static Stage stage(Node node, StreamNodeType type, boolean read) {
    if (node.stream().isolation() == null && !(type instanceof ProcessHosted)) {
      return type.create(node);
    }
    StreamGraph.Role role =
        node.after().isEmpty()
            ? StreamGraph.Role.SOURCE
            : read ? StreamGraph.Role.TRANSFORM : StreamGraph.Role.SINK;
    List<String> command =
        type instanceof ProcessHosted hosted ? hosted.hostCommand(node) : ProcessStages.javaHost();
    IsolationSpec spec =
        node.stream().isolation() != null ? node.stream().isolation() : IsolationSpec.DEFAULT;
    return ProcessStages.create(node, role, command, spec, System.err::println);
  }
}
