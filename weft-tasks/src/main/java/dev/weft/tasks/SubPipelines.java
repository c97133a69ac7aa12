package dev.weft.tasks;

import dev.weft.core.Dependency;
import dev.weft.core.Kind;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.Position;
import dev.weft.core.validate.Problem;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands the {@code pipeline} nodes of a pipeline into subtrees, so that a run is one task tree
 * stored at once. The nodes of the sub-pipeline join the pipeline under ids prefixed with the
 * node's ({@code etl/extract}), become children of the node's task, and wait for what the node
 * waits for; the node's own task waits for all of them. Sub-pipelines may nest.
 */
public final class SubPipelines {

  /** The node type that stands for a sub-pipeline. */
  public static final String TYPE = "pipeline";

  private SubPipelines() {}

  /**
   * Expands every {@code pipeline} node of {@code pipeline}, reading its {@code with.file} relative
   * to {@code baseDir}. Returns the expanded pipeline, or the problems found in the sub-pipelines
   * (each loaded and validated as a manifest). Already expanded nodes are left as they are.
   *
   * @param source the manifest file the pipeline came from, named in problems
   */
  public static Checked expand(Pipeline pipeline, Path baseDir, String source, NodeTypes types) {
    List<Problem> problems = new ArrayList<>();
    Deque<Path> including = new ArrayDeque<>(List.of(Path.of(source).toAbsolutePath().normalize()));
    Pipeline expanded = expand(pipeline, baseDir, source, types, including, problems);
    return problems.isEmpty()
        ? new Checked(expanded, List.of(), null)
        : new Checked(pipeline, problems, null);
  }

  private static Pipeline expand(
      Pipeline pipeline,
      Path baseDir,
      String source,
      NodeTypes types,
      Deque<Path> including,
      List<Problem> problems) {
    if (pipeline.nodes().stream().noneMatch(n -> TYPE.equals(n.type()))) {
      return pipeline;
    }
    Map<String, Node> byId = pipeline.nodesById();
    List<Node> nodes = new ArrayList<>();
    for (Node node : pipeline.nodes()) {
      String prefix = node.id() + "/";
      if (!TYPE.equals(node.type())
          || byId.keySet().stream().anyMatch(id -> id.startsWith(prefix))) {
        nodes.add(node);
        continue;
      }
      Path file = baseDir.resolve(String.valueOf(node.with().get("file"))).normalize();
      Path absolute = file.toAbsolutePath().normalize();
      if (including.contains(absolute)) {
        problems.add(
            new Problem(
                new Position(source, 0, 0),
                node.id(),
                "sub-pipeline " + file + " includes itself",
                "a pipeline node must not lead back to a manifest that contains it"));
        continue;
      }
      Checked sub =
          Manifests.load(
              file, params(node), "node '" + node.id() + "' of " + source + " passes", types);
      if (!sub.valid()) {
        problems.addAll(sub.problems());
        continue;
      }
      if (sub.pipeline().kind() != Kind.TASKS) {
        problems.add(
            new Problem(
                new Position(source, 0, 0),
                node.id(),
                "sub-pipeline " + file + " is kind: " + sub.pipeline().kind().manifestName(),
                "a pipeline node runs a kind: tasks manifest"));
        continue;
      }
      including.push(absolute);
      Pipeline inner =
          expand(sub.pipeline(), parentOf(file), file.toString(), types, including, problems);
      including.pop();
      List<Dependency> children = new ArrayList<>();
      for (Node child : inner.nodes()) {
        List<Dependency> after =
            child.after().isEmpty()
                ? node.after()
                : child.after().stream()
                    .map(d -> new Dependency(prefix + d.id(), d.required()))
                    .toList();
        // The inner pipeline's defaults go with its nodes, which the outer defaults would replace.
        Node inherited =
            child
                .copy(prefix + child.id(), after, child.with())
                .withRetry(child.retry() != null ? child.retry() : inner.defaults().retry());
        nodes.add(
            child.tasks().timeout() != null || inner.defaults().timeout() == null
                ? inherited
                : inherited.withTasks(
                    child.tasks().toBuilder().timeout(inner.defaults().timeout()).build()));
        children.add(Dependency.on(prefix + child.id()));
      }
      nodes.add(node.copy(node.id(), children, node.with()));
    }
    return pipeline.withNodes(nodes);
  }

  /** The node whose subtree holds node {@code id}, or {@code null} for a node at the top. */
  public static String parentOf(String id) {
    int slash = id.lastIndexOf('/');
    return slash < 0 ? null : id.substring(0, slash);
  }

  private static Path parentOf(Path file) {
    Path parent = file.getParent();
    return parent == null ? Path.of("") : parent;
  }

  private static Map<String, String> params(Node node) {
    Map<String, String> params = new LinkedHashMap<>();
    if (node.with().get("params") instanceof Map<?, ?> given) {
      given.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
    }
    return params;
  }
}
