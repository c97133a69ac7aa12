package dev.weft.tasks.store;

import java.util.HashMap;
import java.util.Map;

/** Counts of running tasks against {@link Limits}, updated as a claim admits tasks. */
final class LimitCheck {

  private final Limits limits;
  private int global;
  private final Map<String, Integer> perUser = new HashMap<>();
  private final Map<Long, Integer> perRun = new HashMap<>();
  private final Map<String, Integer> perType = new HashMap<>();

  LimitCheck(Limits limits) {
    this.limits = limits;
  }

  /** Counts a task that is already running. */
  void running(String type, String user, long run) {
    global++;
    if (user != null) {
      perUser.merge(user, 1, Integer::sum);
    }
    perRun.merge(run, 1, Integer::sum);
    perType.merge(type, 1, Integer::sum);
  }

  /** Whether one more task like this fits every cap; if so it is counted as running. */
  boolean admit(String type, String user, long run) {
    boolean fits =
        below(limits.global(), global)
            && (user == null || below(limits.perUser(), perUser.getOrDefault(user, 0)))
            && below(limits.perRun(), perRun.getOrDefault(run, 0))
            && below(limits.perType().get(type), perType.getOrDefault(type, 0));
    if (fits) {
      running(type, user, run);
    }
    return fits;
  }

  /** Whether the global cap is reached, so that no further task can fit. */
  boolean full() {
    return !below(limits.global(), global);
  }

  private static boolean below(Integer cap, int count) {
    return cap == null || count < cap;
  }
}
