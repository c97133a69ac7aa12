package dev.weft.tasks.store;

import java.util.Map;

/**
 * Caps on running tasks, enforced where tasks are claimed: a ready task over a cap is not claimed
 * and waits in the queue (it is never rejected); a task further back that fits is claimed instead.
 *
 * @param global at most this many running tasks in the whole store, or {@code null} for no cap
 * @param perUser at most this many running tasks per user (tasks without a user are not capped)
 * @param perRun at most this many running tasks per run
 * @param perType at most this many running tasks of each named node type
 * @param limiters the capacity of each named limiter ({@code limit: {key: gpu}}), over what
 *     pipelines declare
 */
public record Limits(
    Integer global,
    Integer perUser,
    Integer perRun,
    Map<String, Integer> perType,
    Map<String, Integer> limiters) {

  /** No caps. */
  public static final Limits NONE = new Limits(null, null, null, Map.of(), Map.of());

  public Limits {
    perType = Map.copyOf(perType);
    limiters = limiters == null ? Map.of() : Map.copyOf(limiters);
  }

  /** Caps without named limiters. */
  public Limits(Integer global, Integer perUser, Integer perRun, Map<String, Integer> perType) {
    this(global, perUser, perRun, perType, Map.of());
  }

  /** Whether any cap is set. */
  public boolean any() {
    return global != null || perUser != null || perRun != null || !perType.isEmpty();
  }
}
