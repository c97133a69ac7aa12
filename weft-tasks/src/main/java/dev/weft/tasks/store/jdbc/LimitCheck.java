package dev.weft.tasks.store.jdbc;

import dev.weft.core.RunLimits;
import dev.weft.tasks.store.Limits;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts of running tasks against {@link Limits} and each run's own {@link RunLimits}, updated as a
 * claim admits tasks.
 */
final class LimitCheck {

  private final Limits limits;
  private int global;
  private final Map<String, Integer> perUser = new HashMap<>();
  private final Map<Long, Integer> perRun = new HashMap<>();
  private final Map<String, Integer> perType = new HashMap<>();
  private final Map<RunType, Integer> perRunType = new HashMap<>();
  private final Map<String, Integer> exclusive = new HashMap<>();
  private final Map<String, Integer> limiters = new HashMap<>();
  private final Map<String, double[]> buckets = new HashMap<>(); // name -> {tokens, updated at}

  private record RunType(long run, String type) {}

  LimitCheck(Limits limits) {
    this.limits = limits;
  }

  /** Counts a task that is already running. */
  void running(String type, String user, long run, String exclusiveKey, String limitKey) {
    running(type, user, run);
    if (exclusiveKey != null) {
      exclusive.merge(exclusiveKey, 1, Integer::sum);
    }
    if (limitKey != null) {
      limiters.merge(limitKey, 1, Integer::sum);
    }
  }

  private void running(String type, String user, long run) {
    global++;
    if (user != null) {
      perUser.merge(user, 1, Integer::sum);
    }
    perRun.merge(run, 1, Integer::sum);
    perType.merge(type, 1, Integer::sum);
    perRunType.merge(new RunType(run, type), 1, Integer::sum);
  }

  /**
   * Whether one more task like this fits every cap, its run's own included, and its exclusive key
   * and limiter (whose capacity comes from the worker's limits, else from the run's pipeline, else
   * is 1); if so it is counted as running.
   */
  boolean admit(
      String type, String user, long run, RunLimits runCaps, String exclusiveKey, String limitKey) {
    int ofRun = perRun.getOrDefault(run, 0);
    boolean fits =
        below(limits.global(), global)
            && (user == null || below(limits.perUser(), perUser.getOrDefault(user, 0)))
            && below(limits.perRun(), ofRun)
            && below(limits.perType().get(type), perType.getOrDefault(type, 0))
            && below(runCaps.running(), ofRun)
            && below(
                runCaps.perType().get(type), perRunType.getOrDefault(new RunType(run, type), 0))
            && (exclusiveKey == null || exclusive.getOrDefault(exclusiveKey, 0) == 0)
            && (limitKey == null
                || below(capacity(limitKey, runCaps), limiters.getOrDefault(limitKey, 0)));
    if (fits) {
      running(type, user, run, exclusiveKey, limitKey);
    }
    return fits;
  }

  private Integer capacity(String limiter, RunLimits runCaps) {
    Integer cap = limits.limiters().get(limiter);
    if (cap == null) {
      cap = runCaps.limiters().get(limiter);
    }
    return cap == null ? 1 : cap;
  }

  /** The rate buckets this claim has read and drawn from, to write back at its end. */
  Map<String, double[]> buckets() {
    return buckets;
  }

  /** Whether the global cap is reached, so that no further task can fit. */
  boolean full() {
    return !below(limits.global(), global);
  }

  private static boolean below(Integer cap, int count) {
    return cap == null || count < cap;
  }
}
