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

/**
 * Turns a pipeline into the plan of a run, and pipelines into the JSON a run keeps, for code that
 * stores runs itself (the server) rather than through {@link TaskEngine#submit}: a run planned here
 * is the same as one the engine submits.
 */
public final class RunPlans {

  private RunPlans() {}

  /**
   * The pipeline with its {@code pipeline} nodes expanded, files read relative to the working
   * directory (the CLI expands them relative to the manifest before this).
   */
  static Pipeline expanded(Pipeline pipeline, NodeTypes types) {
    return SubPipelines.expand(pipeline, Path.of(""), pipeline.name(), types).orThrow();
  }

  /**
   * The plan of a run of {@code pipeline}, whose {@code pipeline} nodes are already expanded
   * ({@link SubPipelines#expand}): tasks in topological order, a node {@code a/b} under the task of
   * {@code a}.
   */
  public static RunPlan plan(Pipeline pipeline) {
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
              node.tasks().priority(),
              node.tasks().user(),
              positions,
              required,
              parent == null || !position.containsKey(parent) ? -1 : position.get(parent),
              node.tasks().always(),
              node.tasks().continueOnFailure(),
              node.tasks().exclusive(),
              node.tasks().limit(),
              node.tasks().rate() == null
                  ? null
                  : new RunPlan.Rate(
                      node.tasks().rate().bucket(node.tasks().user(), node.type()),
                      node.tasks().rate().perSecond(),
                      node.tasks().rate().burst()),
              routing(node.tasks().routing())));
    }
    return new RunPlan(
        pipeline.name(),
        Json.writePipeline(pipeline),
        tasks,
        pipeline.limits(),
        pipeline.defaults().runTimeout());
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

  /** The JSON a run keeps of {@code pipeline}, as the engine reads it back. */
  public static String pipelineJson(Pipeline pipeline) {
    return Json.writePipeline(pipeline);
  }

  /** The pipeline a run keeps ({@link dev.weft.tasks.store.TaskStore#pipelineJson}). */
  public static Pipeline pipeline(String json) {
    return Json.pipeline(json);
  }

  /** A task result or other stored JSON, read as plain values (maps, lists, strings, numbers). */
  public static Object value(String json) {
    return Json.read(json);
  }

  /** Plain values as JSON, as results are stored. */
  public static String json(Object value) {
    return Json.write(value);
  }
}
