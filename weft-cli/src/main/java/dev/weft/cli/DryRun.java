package dev.weft.cli;

import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.expr.Expression;
import dev.weft.core.graph.Dag;
import dev.weft.core.graph.TopologicalOrder;
import dev.weft.tasks.Fingerprints;
import dev.weft.tasks.store.CacheEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code weft run FILE --dry-run}: what a run would do, from the manifest alone; nothing is stored
 * or run. Levels, the conditions that the run parameters already decide (and what they skip), the
 * exclusive keys, limiters and rate limits in play, the cache hits known before the run, and the
 * critical path (the longest chain of tasks).
 */
final class DryRun {

  private final Pipeline pipeline;
  private final Map<String, Node> nodes;
  private final TopologicalOrder order;
  private final java.util.function.Function<String, java.util.Optional<CacheEntry>> cache;

  /**
   * @param cache looks up a kept result by fingerprint (nothing, when there is no store yet)
   */
  DryRun(
      Pipeline pipeline,
      java.util.function.Function<String, java.util.Optional<CacheEntry>> cache) {
    this.pipeline = pipeline;
    this.cache = cache;
    this.nodes = pipeline.nodesById();
    this.order = Dag.of(pipeline).sort();
  }

  /** The plan as data, for {@code --json} and for the text form. */
  Map<String, Object> plan() {
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("pipeline", pipeline.name());
    plan.put("tasks", nodes.size());
    plan.put("levels", order.levels());
    plan.put("skipped", skippedNow());
    Map<String, List<String>> exclusive = new LinkedHashMap<>();
    Map<String, List<String>> limiters = new LinkedHashMap<>();
    for (Node node : pipeline.nodes()) {
      if (node.tasks().exclusive() != null) {
        exclusive.computeIfAbsent(node.tasks().exclusive(), k -> new ArrayList<>()).add(node.id());
      }
      if (node.tasks().limit() != null) {
        limiters.computeIfAbsent(node.tasks().limit(), k -> new ArrayList<>()).add(node.id());
      }
    }
    plan.put("exclusive", exclusive);
    Map<String, Object> limiterPlan = new LinkedHashMap<>();
    limiters.forEach((name, ids) ->
        limiterPlan.put(
            name,
            Map.of("capacity", pipeline.limits().limiters().getOrDefault(name, 1), "tasks", ids)));
    plan.put("limiters", limiterPlan);
    Map<String, Object> rates = new LinkedHashMap<>();
    for (Node node : pipeline.nodes()) {
      if (node.tasks().rate() != null) {
        rates.put(
            node.id(),
            node.tasks().rate().bucket(node.tasks().user(), node.type())
                + ": "
                + node.tasks().rate().perSecond()
                + "/s, burst "
                + node.tasks().rate().burst());
      }
    }
    plan.put("rates", rates);
    plan.put("cacheHits", cacheHits());
    plan.put("criticalPath", criticalPath());
    return plan;
  }

  /**
   * Tasks whose condition reads only run parameters and is false, and the tasks that require them:
   * these will be skipped whatever happens. The reason of each, by node id.
   */
  private Map<String, String> skippedNow() {
    Map<String, String> skipped = new LinkedHashMap<>();
    Map<String, Object> vars = Map.of("params", pipeline.params());
    for (String id : order.order()) {
      Node node = nodes.get(id);
      if (node.tasks().always()) {
        continue;
      }
      for (Dependency d : node.after()) {
        if (d.required() && skipped.containsKey(d.id())) {
          skipped.put(id, "requires " + d.id());
          break;
        }
      }
      if (!skipped.containsKey(id) && node.tasks().when() != null) {
        Expression condition = Expression.parse(node.tasks().when());
        if (Set.of("params").containsAll(condition.names()) && !condition.test(vars)) {
          skipped.put(id, "condition is false: " + node.tasks().when());
        }
      }
    }
    return skipped;
  }

  /**
   * Tasks that would reuse a kept result: those with {@code cache:} whose fingerprint is known
   * before the run (no dependencies), by node id, with the task that computed it.
   */
  private Map<String, Long> cacheHits() {
    Map<String, Long> hits = new LinkedHashMap<>();
    for (Node node : pipeline.nodes()) {
      if (node.tasks().cache() != null && node.after().isEmpty()) {
        String fingerprint = Fingerprints.of(node, pipeline.params(), Map.of(), Map.of(), Map.of());
        cache.apply(fingerprint).ifPresent(hit -> hits.put(node.id(), hit.taskId()));
      }
    }
    return hits;
  }

  /** The longest chain of tasks, first to last. */
  private List<String> criticalPath() {
    Map<String, Integer> length = new HashMap<>();
    Map<String, String> previous = new HashMap<>();
    String end = null;
    for (String id : order.order()) {
      int best = 0;
      for (Dependency d : nodes.get(id).after()) {
        if (length.get(d.id()) > best) {
          best = length.get(d.id());
          previous.put(id, d.id());
        }
      }
      length.put(id, best + 1);
      if (end == null || length.get(id) > length.get(end)) {
        end = id;
      }
    }
    List<String> path = new ArrayList<>();
    for (String id = end; id != null; id = previous.get(id)) {
      path.addFirst(id);
    }
    return path;
  }

  /** The plan in words. */
  @SuppressWarnings("unchecked")
  List<String> lines() {
    Map<String, Object> plan = plan();
    Map<String, String> skipped = (Map<String, String>) plan.get("skipped");
    List<String> lines = new ArrayList<>();
    lines.add(
        "Dry run of "
            + pipeline.name()
            + " ("
            + tasks(nodes.size())
            + "): nothing is stored or run.");
    lines.add("Levels (tasks of a level can run at the same time):");
    for (int level = 0; level < order.levels().size(); level++) {
      List<String> shown = new ArrayList<>();
      for (String id : order.levels().get(level)) {
        shown.add(id + marks(nodes.get(id), skipped));
      }
      lines.add("  " + level + ": " + String.join(", ", shown));
    }
    if (!skipped.isEmpty()) {
      lines.add("Skipped whatever happens:");
      skipped.forEach((id, why) -> lines.add("  " + id + ": " + why));
    }
    ((Map<String, List<String>>) plan.get("exclusive"))
        .forEach((key, ids) ->
            lines.add(
                "Exclusive key "
                    + key
                    + " (one at a time, across runs): "
                    + String.join(", ", ids)));
    ((Map<String, Map<String, Object>>) plan.get("limiters"))
        .forEach((name, l) ->
            lines.add(
                "Limiter "
                    + name
                    + " (capacity "
                    + l.get("capacity")
                    + " unless the config says otherwise): "
                    + String.join(", ", (List<String>) l.get("tasks"))));
    ((Map<String, String>) plan.get("rates"))
        .forEach((id, rate) -> lines.add("Rate limit of " + id + ": " + rate));
    ((Map<String, Long>) plan.get("cacheHits"))
        .forEach((id, task) ->
            lines.add("Cache hit: " + id + " would reuse the result of task " + task));
    List<String> path = (List<String>) plan.get("criticalPath");
    lines.add("Critical path (" + tasks(path.size()) + "): " + String.join(" -> ", path));
    return lines;
  }

  private static String tasks(int n) {
    return n + (n == 1 ? " task" : " tasks");
  }

  private static String marks(Node node, Map<String, String> skipped) {
    Set<String> marks = new LinkedHashSet<>();
    if (skipped.containsKey(node.id())) {
      marks.add("skipped");
    } else if (node.tasks().when() != null) {
      marks.add("when " + node.tasks().when());
    }
    if (node.tasks().always()) {
      marks.add("always");
    }
    if (node.tasks().continueOnFailure()) {
      marks.add("continue-on-failure");
    }
    return marks.isEmpty() ? "" : " [" + String.join("; ", marks) + "]";
  }
}
