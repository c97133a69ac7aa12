package dev.weft.bench;

import dev.weft.core.Node;
import dev.weft.core.Pipeline;

/**
 * The task pipelines the benchmarks run, each of {@code tasks} nodes of one node type: {@code wide}
 * (one start, parallel tasks, one join), {@code deep} (a chain: each task waits for the one
 * before), {@code layered} (layers of 1,000, each task after two of the layer before) and {@code
 * flat} (no dependencies at all). Node ids are {@code t0}, {@code t1}, ... ({@code start} and
 * {@code join} for the ends of the wide shape).
 */
public final class BenchPipelines {

  private BenchPipelines() {}

  /** One start, {@code tasks - 2} parallel tasks after it, one join after them all. */
  public static Pipeline wide(int tasks, String type) {
    Pipeline.Builder p = Pipeline.builder("wide").node("start", type);
    Node.Builder join = Node.builder("join", type);
    for (int i = 0; i < tasks - 2; i++) {
      p.node("t" + i, type, n -> n.after("start"));
      join.after("t" + i);
    }
    return p.node(join.build()).build();
  }

  /** A chain of {@code tasks}: each waits for the one before. */
  public static Pipeline deep(int tasks, String type) {
    Pipeline.Builder p = Pipeline.builder("deep").node("t0", type);
    for (int i = 1; i < tasks; i++) {
      String previous = "t" + (i - 1);
      p.node("t" + i, type, n -> n.after(previous));
    }
    return p.build();
  }

  /** Layers of 1,000 tasks, each task after two tasks of the layer before (one when they meet). */
  public static Pipeline layered(int tasks, String type) {
    int width = 1000;
    Pipeline.Builder p = Pipeline.builder("layered");
    for (int i = 0; i < tasks; i++) {
      int layer = i / width;
      int slot = i % width;
      if (layer == 0) {
        p.node("t" + i, type);
      } else {
        String a = "t" + ((layer - 1) * width + slot);
        String b = "t" + ((layer - 1) * width + (slot * 7 + 3) % width);
        p.node("t" + i, type, n -> n.after(a.equals(b) ? new String[] {a} : new String[] {a, b}));
      }
    }
    return p.build();
  }

  /** {@code tasks} tasks with no dependencies: a plain queue of jobs in one run. */
  public static Pipeline flat(int tasks, String type) {
    Pipeline.Builder p = Pipeline.builder("flat");
    for (int i = 0; i < tasks; i++) {
      p.node("t" + i, type);
    }
    return p.build();
  }
}
