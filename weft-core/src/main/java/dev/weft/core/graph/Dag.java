package dev.weft.core.graph;

import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dependency graph of a pipeline, nodes numbered in manifest order. Built leniently so it can
 * be analysed while a pipeline still has other problems: a repeated id counts once (the first
 * node), and dependencies on unknown ids or repeated within a node are ignored.
 */
public final class Dag {

  private final List<String> ids;
  private final Map<String, Integer> index;
  private final int[][] predecessors;
  private final int[][] successors;

  private Dag(List<String> ids, Map<String, Integer> index, int[][] predecessors) {
    this.ids = List.copyOf(ids);
    this.index = index;
    this.predecessors = predecessors;
    int[] outDegree = new int[ids.size()];
    for (int[] preds : predecessors) {
      for (int p : preds) {
        outDegree[p]++;
      }
    }
    successors = new int[ids.size()][];
    for (int i = 0; i < successors.length; i++) {
      successors[i] = new int[outDegree[i]];
    }
    int[] filled = new int[ids.size()];
    for (int node = 0; node < predecessors.length; node++) {
      for (int p : predecessors[node]) {
        successors[p][filled[p]++] = node;
      }
    }
  }

  /** The graph of {@code pipeline}'s nodes and {@code after} edges. */
  public static Dag of(Pipeline pipeline) {
    Map<String, Integer> index = new HashMap<>(pipeline.nodes().size() * 2);
    List<String> ids = new ArrayList<>(pipeline.nodes().size());
    List<Node> kept = new ArrayList<>(pipeline.nodes().size());
    for (Node node : pipeline.nodes()) {
      if (node.id() != null
          && !node.id().isBlank()
          && index.putIfAbsent(node.id(), ids.size()) == null) {
        ids.add(node.id());
        kept.add(node);
      }
    }
    int[][] predecessors = new int[ids.size()][];
    int[] addedFor = new int[ids.size()]; // node + 1 once p is among node's predecessors
    for (int i = 0; i < kept.size(); i++) {
      List<Dependency> after = kept.get(i).after();
      int[] preds = new int[after.size()];
      int count = 0;
      for (Dependency dep : after) {
        Integer p = index.get(dep.id());
        if (p != null && addedFor[p] != i + 1) {
          addedFor[p] = i + 1;
          preds[count++] = p;
        }
      }
      predecessors[i] = count == preds.length ? preds : Arrays.copyOf(preds, count);
    }
    return new Dag(ids, index, predecessors);
  }

  /** The number of node {@code id}, or -1 when there is no such node. */
  public int indexOf(String id) {
    Integer i = index.get(id);
    return i == null ? -1 : i;
  }

  /** The node ids, in manifest order. */
  public List<String> ids() {
    return ids;
  }

  /**
   * How many distinct, known nodes node {@code i} waits for; less than its {@code after:} entries
   * when some are unknown or repeated.
   */
  public int predecessorCount(int i) {
    return predecessors[i].length;
  }

  /** Numbers of the nodes that node {@code i} waits for. */
  public int[] predecessors(int i) {
    return predecessors[i].clone();
  }

  /** Numbers of the nodes that wait for node {@code i}. */
  public int[] successors(int i) {
    return successors[i].clone();
  }

  /**
   * Sorts the graph with Kahn's algorithm, level by level; when there are cycles, finds them.
   * Linear in nodes plus edges (plus sorting each level).
   */
  public Analysis analyse() {
    int n = ids.size();
    int[] waiting = new int[n];
    for (int i = 0; i < n; i++) {
      waiting[i] = predecessors[i].length;
    }
    List<List<String>> levels = new ArrayList<>();
    List<String> order = new ArrayList<>(n);
    int[] level = readyAtStart(waiting);
    while (level.length > 0) {
      Arrays.sort(level);
      List<String> names = new ArrayList<>(level.length);
      int[] next = new int[16];
      int nextCount = 0;
      for (int node : level) {
        names.add(ids.get(node));
        for (int s : successors[node]) {
          if (--waiting[s] == 0) {
            if (nextCount == next.length) {
              next = Arrays.copyOf(next, nextCount * 2);
            }
            next[nextCount++] = s;
          }
        }
      }
      order.addAll(names);
      levels.add(names);
      level = Arrays.copyOf(next, nextCount);
    }
    if (order.size() == n) {
      return new Analysis(new TopologicalOrder(order, levels), List.of(), List.of());
    }
    return findCycles(waiting);
  }

  /** The order, or an exception naming a cycle. */
  public TopologicalOrder sort() {
    Analysis analysis = analyse();
    if (analysis.order() == null) {
      throw new CycleException(analysis.cycles());
    }
    return analysis.order();
  }

  private int[] readyAtStart(int[] waiting) {
    return java.util.stream.IntStream.range(0, waiting.length)
        .filter(i -> waiting[i] == 0)
        .toArray();
  }

  /**
   * Every node left over by Kahn's algorithm still waits for another left-over node, so walking
   * backwards from one along left-over predecessors must come round to a node seen on the same
   * walk: that stretch is a cycle. Walks that reach a node seen on an earlier walk find nothing
   * new.
   */
  private Analysis findCycles(int[] waiting) {
    int n = ids.size();
    int[] walkOf = new int[n];
    List<List<String>> cycles = new ArrayList<>();
    boolean[] onCycle = new boolean[n];
    int walk = 0;
    for (int start = 0; start < n; start++) {
      if (waiting[start] == 0 || walkOf[start] != 0) {
        continue;
      }
      walk++;
      List<Integer> path = new ArrayList<>();
      int node = start;
      while (walkOf[node] == 0) {
        walkOf[node] = walk;
        path.add(node);
        node = firstLeftOverPredecessor(node, waiting);
      }
      if (walkOf[node] == walk) {
        List<String> cycle = new ArrayList<>();
        for (int i = path.size() - 1; path.get(i) != node; i--) {
          cycle.add(ids.get(path.get(i)));
          onCycle[path.get(i)] = true;
        }
        cycle.addFirst(ids.get(node));
        onCycle[node] = true;
        cycle.add(ids.get(node));
        cycles.add(cycle);
      }
    }
    List<String> blocked = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (waiting[i] > 0 && !onCycle[i]) {
        blocked.add(ids.get(i));
      }
    }
    return new Analysis(null, cycles, blocked);
  }

  private int firstLeftOverPredecessor(int node, int[] waiting) {
    for (int p : predecessors[node]) {
      if (waiting[p] > 0) {
        return p;
      }
    }
    throw new IllegalStateException(
        "left-over node without a left-over predecessor: " + ids.get(node));
  }

  /** A cycle path as {@code a -> b -> c -> a}. */
  public static String describe(List<String> cycle) {
    return String.join(" -> ", cycle);
  }

  /**
   * What {@link #analyse()} found.
   *
   * @param order the order, or {@code null} when the graph has a cycle
   * @param cycles each cycle as a path that starts and ends at the same node: {@code [a, b, c, a]}
   *     for {@code a -> b -> c -> a}
   * @param blocked nodes not on a cycle that can never start because they wait on one
   */
  public record Analysis(TopologicalOrder order, List<List<String>> cycles, List<String> blocked) {}
}
