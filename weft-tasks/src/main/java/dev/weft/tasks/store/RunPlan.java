package dev.weft.tasks.store;

import dev.weft.core.RunLimits;
import java.time.Duration;
import java.util.List;

/**
 * A run to create: the root and one task per node, dependencies given as positions in {@code
 * tasks}.
 *
 * @param name the pipeline's name, the root task's node id
 * @param pipelineJson the pipeline, kept on the root so any worker can run its tasks
 * @param tasks the children of the root, in topological order
 * @param limits caps on how many of the run's tasks run at once
 * @param trace the trace the run belongs to, or {@code null} when it is not traced
 * @param runTimeout how long the run may take before it is cancelled (its pipeline's {@code
 *     run-timeout}), or {@code null}: kept on the run, so a worker finds the runs that ran out with
 *     one query rather than by reading the pipeline of every run
 */
public record RunPlan(
    String name,
    String pipelineJson,
    List<Task> tasks,
    RunLimits limits,
    TraceContext trace,
    Duration runTimeout) {

  public RunPlan {
    tasks = List.copyOf(tasks);
  }

  /** A plan that is not traced. */
  public RunPlan(
      String name, String pipelineJson, List<Task> tasks, RunLimits limits, Duration runTimeout) {
    this(name, pipelineJson, tasks, limits, null, runTimeout);
  }

  /** A plan that is not traced, with no run-timeout. */
  public RunPlan(String name, String pipelineJson, List<Task> tasks, RunLimits limits) {
    this(name, pipelineJson, tasks, limits, null, null);
  }

  /** A plan without caps of its own. */
  public RunPlan(String name, String pipelineJson, List<Task> tasks) {
    this(name, pipelineJson, tasks, RunLimits.NONE);
  }

  /** The same plan in trace {@code context} ({@code null}: not traced). */
  public RunPlan withTrace(TraceContext context) {
    return new RunPlan(name, pipelineJson, tasks, limits, context, runTimeout);
  }

  /**
   * One task of the run.
   *
   * @param nodeId the node
   * @param type the node type
   * @param priority higher is claimed first
   * @param user who the work is for, or {@code null}
   * @param after positions in the plan of the tasks this one waits for (all earlier)
   * @param required for each entry of {@code after}, whether it is a required dependency
   * @param parent the position in the plan of the task above this one (a sub-pipeline's), or -1
   *     when it is the run
   * @param always it runs however its dependencies ended
   * @param continueOnFailure its failure lets its dependents run
   * @param exclusive a key at most one running task holds at a time, or {@code null}
   * @param limit a named limiter it counts against, or {@code null}
   * @param rate the rate limit it starts under, its bucket resolved, or {@code null}
   * @param routing which workers may claim it, or {@code null} for any
   */
  public record Task(
      String nodeId,
      String type,
      int priority,
      String user,
      int[] after,
      boolean[] required,
      int parent,
      boolean always,
      boolean continueOnFailure,
      String exclusive,
      String limit,
      Rate rate,
      Routing routing) {

    /** A task right under the run. */
    public Task(
        String nodeId, String type, int priority, String user, int[] after, boolean[] required) {
      this(nodeId, type, priority, user, after, required, -1, false, false, null, null, null, null);
    }
  }

  /**
   * Which workers may claim a task.
   *
   * @param require the labels a claiming worker must have, canonical ({@code a,b}), or {@code null}
   * @param prefer the labels of the workers that claim it first, canonical, or {@code null}
   * @param preferWaitMillis how long it waits, once ready, for a worker with {@code prefer}
   */
  public record Routing(String require, String prefer, long preferWaitMillis) {}

  /**
   * A task's rate limit.
   *
   * @param bucket the bucket it draws a token from
   * @param perSecond how fast the bucket fills
   * @param burst how many tokens it holds at most
   */
  public record Rate(String bucket, double perSecond, int burst) {}
}
