package dev.weft.tasks;

import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.RoutingSpec;
import dev.weft.core.graph.Dag;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.store.RunPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a pipeline into the plan of tasks a run is stored as. */
final class RunPlanner {

  private RunPlanner() {}

  /**
   * The pipeline with its {@code pipeline} nodes expanded, files read relative to the working
   * directory (the CLI expands them relative to the manifest before this).
   */
  static Pipeline expanded(Pipeline pipeline, NodeTypes types) {
    return SubPipelines.expand(pipeline, Path.of(""), pipeline.name(), types).orThrow();
  }

  /**
   * The tasks of {@code pipeline} in dependency order, each naming its dependencies by position.
   */
  static RunPlan plan(Pipeline pipeline) {
    List<String> order = Dag.of(pipeline).sort().order();
    Map<String, Node> nodes = pipeline.nodesById();
    Map<String, Integer> position = new HashMap<>();
    for (String id : order) {
      position.put(id, position.size());
    }
    List<RunPlan.Task> tasks = new ArrayList<>(order.size());
    for (String id : order) {
      Node node = nodes.get(id);
      List<Dependency> after = node.after();
      int[] positions = new int[after.size()];
      boolean[] required = new boolean[after.size()];
      for (int i = 0; i < after.size(); i++) {
        positions[i] = position.get(after.get(i).id());
        required[i] = after.get(i).required();
      }
      String parent = SubPipelines.parentOf(id);
      tasks.add(
          new RunPlan.Task(
              id,
              node.type(),
              node.priority(),
              node.user(),
              positions,
              required,
              parent == null ? -1 : position.get(parent),
              node.always(),
              node.continueOnFailure(),
              node.exclusive(),
              node.limit(),
              node.rate() == null
                  ? null
                  : new RunPlan.Rate(
                      node.rate().bucket(node.user(), node.type()),
                      node.rate().perSecond(),
                      node.rate().burst()),
              routing(node.routing())));
    }
    return new RunPlan(pipeline.name(), Json.writePipeline(pipeline), tasks, pipeline.limits());
  }

  private static RunPlan.Routing routing(RoutingSpec spec) {
    if (spec == null || spec.require().isEmpty() && spec.prefer().isEmpty()) {
      return null;
    }
    return new RunPlan.Routing(
        RoutingSpec.canonical(spec.require()),
        RoutingSpec.canonical(spec.prefer()),
        spec.preferWait().toMillis());
  }
}
