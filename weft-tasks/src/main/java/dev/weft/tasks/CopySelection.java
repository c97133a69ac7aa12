package dev.weft.tasks;

import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which tasks a copy starts from ({@link TaskStore#copyTasks}), chosen by a mode under one task or
 * run: what {@code weft tasks copy --mode} and the server's {@code tasks.copy} do.
 */
public final class CopySelection {

  /** How the tasks to copy are chosen under a task. */
  public enum Mode {
    /** The failed, upstream-failed and cancelled tasks, reusing what succeeded. */
    MINIMAL,
    /** Every task. */
    FULL,
    /** The tasks of the nodes named. */
    CUSTOM;

    /** The mode named {@code minimal}, {@code full} or {@code custom}. */
    public static Mode of(String name) {
      for (Mode m : values()) {
        if (m.name().equalsIgnoreCase(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "unknown copy mode '" + name + "'; use minimal, full or custom");
    }

    /** The name users write. */
    public String display() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private CopySelection() {}

  /**
   * The tasks under {@code topId} (itself and its descendants; every task of a run for a run id)
   * that {@code mode} picks; with {@link Mode#CUSTOM}, those whose node id is in {@code nodeIds}.
   *
   * @throws IllegalArgumentException when there is no such task, or nothing matches (saying why)
   */
  public static List<Long> seeds(
      TaskStore store, long topId, Mode mode, Collection<String> nodeIds) {
    TaskRecord top =
        store
            .task(topId)
            .orElseThrow(() -> new IllegalArgumentException("there is no task " + topId));
    List<TaskRecord> all = store.tasks(top.rootId());
    Map<Long, Long> parents = new HashMap<>();
    all.forEach(t -> parents.put(t.id(), t.parentId()));
    List<TaskRecord> under = new ArrayList<>();
    for (TaskRecord t : all) {
      for (Long id = t.id(); id != null; id = parents.get(id)) {
        if (id == top.id()) {
          under.add(t);
          break;
        }
      }
    }
    List<Long> seeds =
        switch (mode) {
          case FULL -> under.stream().map(TaskRecord::id).toList();
          case MINIMAL ->
              under.stream()
                  .filter(t ->
                      t.status() == TaskStatus.FAILED
                          || t.status() == TaskStatus.UPSTREAM_FAILED
                          || t.status() == TaskStatus.CANCELLED)
                  .map(TaskRecord::id)
                  .toList();
          case CUSTOM ->
              under.stream().filter(t -> nodeIds.contains(t.nodeId())).map(TaskRecord::id).toList();
        };
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException(
          mode == Mode.MINIMAL
              ? "nothing under " + top.id() + " failed: there is nothing to copy"
              : "no task under " + top.id() + " matches; give node ids, e.g. build,test");
    }
    return seeds;
  }
}
