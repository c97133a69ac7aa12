package dev.weft.core;

import java.util.Map;

/**
 * Caps a pipeline puts on its own runs: how many of a run's tasks may run at once, in all and per
 * node type. Tasks over a cap wait; they are never rejected.
 *
 * @param running at most this many tasks of one run at once, or {@code null} for no cap
 * @param perType at most this many tasks of each named type of one run at once
 */
public record RunLimits(Integer running, Map<String, Integer> perType) {

  /** No caps. */
  public static final RunLimits NONE = new RunLimits(null, Map.of());

  public RunLimits {
    perType = perType == null ? Map.of() : Map.copyOf(perType);
  }

  /** Whether any cap is set. */
  public boolean any() {
    return running != null || !perType.isEmpty();
  }
}
