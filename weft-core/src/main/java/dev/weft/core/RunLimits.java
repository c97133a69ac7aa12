package dev.weft.core;

import java.util.Map;

/**
 * Caps a pipeline sets: how many of one run's tasks may run at once, in all and per node type, and
 * the capacities of the named limiters its nodes use ({@code limit: {key: gpu}}), which hold across
 * every run in the store. Tasks over a cap wait; they are never rejected.
 *
 * @param running at most this many tasks of one run at once, or {@code null} for no cap
 * @param perType at most this many tasks of each named type of one run at once
 * @param limiters the capacity of each named limiter (a worker's config may set them instead)
 */
public record RunLimits(
    Integer running, Map<String, Integer> perType, Map<String, Integer> limiters) {

  /** No caps. */
  public static final RunLimits NONE = new RunLimits(null, Map.of(), Map.of());

  public RunLimits {
    perType = perType == null ? Map.of() : Map.copyOf(perType);
    limiters = limiters == null ? Map.of() : Map.copyOf(limiters);
  }

  /** Caps on the run only. */
  public RunLimits(Integer running, Map<String, Integer> perType) {
    this(running, perType, Map.of());
  }

  /** Whether any cap is set. */
  public boolean any() {
    return running != null || !perType.isEmpty() || !limiters.isEmpty();
  }
}
