package dev.weft.cli;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.TaskDependency;
import dev.weft.tasks.store.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run drawn as its task tree: each task under its parent (the run, or the {@code pipeline} task
 * it belongs to), with its status, attempts, time and the tasks it waits for.
 */
final class TaskTree {

  private final TaskRecord top;
  private final Map<Long, List<TaskRecord>> children = new LinkedHashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final Map<Long, List<String>> after = new HashMap<>();

  /**
   * @param top the run, or a task whose subtree is drawn
   * @param tasks the tasks of its run
   * @param dependencies the dependencies of its run
   */
  TaskTree(TaskRecord top, List<TaskRecord> tasks, List<TaskDependency> dependencies) {
    this.top = top;
    Map<Long, Long> parents = new HashMap<>();
    for (TaskRecord task : tasks) {
      children.computeIfAbsent(task.parentId(), k -> new ArrayList<>()).add(task);
      names.put(task.id(), task.nodeId());
      parents.put(task.id(), task.parentId());
    }
    for (TaskDependency d : dependencies) {
      if (parents.getOrDefault(d.dependsOn(), 0L) == d.taskId()) {
        continue; // a sub-pipeline's task waits for its children: the tree shows them already
      }
      String name = names.getOrDefault(d.dependsOn(), "#" + d.dependsOn());
      after
          .computeIfAbsent(d.taskId(), k -> new ArrayList<>())
          .add(d.required() ? name : name + "?");
    }
  }

  /** A mark per status, so a tree reads at a glance. */
  static String mark(TaskStatus status) {
    return switch (status) {
      case PENDING -> "·";
      case READY -> "○";
      case RUNNING -> "▶";
      case SUCCEEDED -> "✓";
      case FAILED -> "✗";
      case CANCELLED -> "⊘";
      case UPSTREAM_FAILED -> "↯";
      case SKIPPED -> "–";
      case CACHED -> "≡";
      case SUCCEEDED_WITH_FAILURES -> "✓!";
    };
  }

  /** The tree as lines: the top task, then its descendants. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%s %s %d %s  %s  %d ms",
            mark(top.status()),
            top.parentId() == 0 ? "Run" : "Task",
            top.id(),
            top.nodeId(),
            top.parentId() == 0 ? RunReport.runStatus(top) : top.status().display(),
            top.duration(Instant.now()).toMillis()));
    draw(top.id(), "", lines);
    return lines;
  }

  private void draw(long parent, String indent, List<String> lines) {
    List<TaskRecord> below = children.getOrDefault(parent, List.of());
    for (int i = 0; i < below.size(); i++) {
      TaskRecord t = below.get(i);
      boolean last = i == below.size() - 1;
      List<String> waits = after.getOrDefault(t.id(), List.of());
      lines.add(
          String.format(
                  "%s%s %s #%-4d %-20s %-8s %-16s %-10s %6d ms  %s",
                  indent,
                  last ? "└─" : "├─",
                  mark(t.status()),
                  t.id(),
                  t.nodeId(),
                  t.type(),
                  t.status().display(),
                  RunReport.attempts(t.attempt()),
                  t.duration(Instant.now()).toMillis(),
                  detail(t, waits))
              .stripTrailing());
      draw(t.id(), indent + (last ? "   " : "│  "), lines);
    }
  }

  /** What follows a task's figures: its progress while it runs, and what it waits for. */
  private static String detail(TaskRecord t, List<String> waits) {
    String after = waits.isEmpty() ? "" : "after " + String.join(", ", waits);
    if (t.status() != TaskStatus.RUNNING || t.progress() == null) {
      return after;
    }
    return progress(t) + (after.isEmpty() ? "" : "  " + after);
  }

  /** {@code 42% copying files}. */
  static String progress(TaskRecord t) {
    return Math.round(t.progress() * 100)
        + "%"
        + (t.progressNote() == null ? "" : " " + t.progressNote());
  }

  /** The tree as nested maps for {@code --json}: each task with its {@code children}. */
  Map<String, Object> json() {
    return json(top);
  }

  private Map<String, Object> json(TaskRecord task) {
    Map<String, Object> node = RunReport.json(task);
    node.put("after", after.getOrDefault(task.id(), List.of()));
    node.put(
        "children", children.getOrDefault(task.id(), List.of()).stream().map(this::json).toList());
    return node;
  }
}
