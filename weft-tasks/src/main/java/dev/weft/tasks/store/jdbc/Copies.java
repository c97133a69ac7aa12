package dev.weft.tasks.store.jdbc;

import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.TaskDependency;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore.CopyReset;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies tasks of a run, and everything that depends on them, into a new run, inside the caller's
 * transaction: what re-running a failed subtree is made of.
 */
final class Copies {

  private final JdbcDb db;
  private final TaskQueries queries;
  private final RunWriter runs;
  private final RunLimitsRepository runLimits;

  Copies(JdbcDb db, TaskQueries queries, RunWriter runs, RunLimitsRepository runLimits) {
    this.db = db;
    this.queries = queries;
    this.runs = runs;
    this.runLimits = runLimits;
  }

  /** See {@code TaskStore.copyTasks}. */
  long copy(Collection<Long> seeds, Instant now, CopyReset reset) throws SQLException {
    // The seeds and everything that depends on them, in creation (topological) order.
    Map<Long, TaskRecord> copied = new LinkedHashMap<>();
    Deque<Long> queue = new ArrayDeque<>(seeds);
    PreparedStatement dependents = db.sql("SELECT task_id FROM task_deps WHERE depends_on = ?");
    Long originalRun = null;
    while (!queue.isEmpty()) {
      long id = queue.poll();
      if (copied.containsKey(id)) {
        continue;
      }
      TaskRecord task = queries.taskRow(id);
      if (task == null || task.parentId() == 0) {
        throw new IllegalArgumentException(
            task == null
                ? "there is no task " + id
                : id + " is a run: copy one of its tasks, or use 'weft runs retry'");
      }
      if (originalRun != null && originalRun != task.rootId()) {
        throw new IllegalArgumentException("tasks to copy must belong to one run");
      }
      originalRun = task.rootId();
      copied.put(id, task);
      dependents.setLong(1, id);
      try (ResultSet r = dependents.executeQuery()) {
        while (r.next()) {
          queue.add(r.getLong(1));
        }
      }
    }
    List<TaskRecord> order = new ArrayList<>(copied.values());
    order.sort(Comparator.comparingLong(TaskRecord::id));
    return insertCopy(originalRun, order, now, reset);
  }

  /**
   * Stores a new run made of copies of {@code tasks} (one run's, in creation order): dependencies
   * among them are kept; a dependency on a task left behind is kept too, on the original, whose
   * result becomes an input again, so it must have succeeded.
   */
  private long insertCopy(long originalRun, List<TaskRecord> tasks, Instant now, CopyReset reset)
      throws SQLException {
    Map<Long, Integer> position = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      position.put(tasks.get(i).id(), i);
    }
    PreparedStatement deps =
        db.sql(
            "SELECT d.task_id, d.depends_on, d.required, u.status, u.node_id FROM task_deps d"
                + " CROSS JOIN tasks u WHERE u.id = d.depends_on AND d.task_id = ?");
    List<RunPlan.Task> planned = new ArrayList<>();
    Map<Integer, List<TaskDependency>> outside = new HashMap<>(); // by position in the copy
    for (int i = 0; i < tasks.size(); i++) {
      TaskRecord task = tasks.get(i);
      List<Integer> after = new ArrayList<>();
      List<Boolean> required = new ArrayList<>();
      Kept kept = keptSettings(task.id());
      deps.setLong(1, task.id());
      try (ResultSet r = deps.executeQuery()) {
        while (r.next()) {
          long upstream = r.getLong(2);
          boolean needed = r.getInt(3) == 1;
          if (position.containsKey(upstream)) {
            after.add(position.get(upstream));
            required.add(needed);
          } else if (reset.inputs()) {
            continue; // the copy starts without the results of what it leaves behind
          } else if (r.getString(4).equals("succeeded")) {
            outside
                .computeIfAbsent(i, k -> new ArrayList<>())
                .add(new TaskDependency(task.id(), upstream, needed));
          } else if (needed && !kept.always()) {
            // An always-run task runs however its dependencies ended: it needs none of them.
            throw new IllegalArgumentException(
                task.nodeId()
                    + " (#"
                    + task.id()
                    + ") needs "
                    + r.getString(5)
                    + " (#"
                    + upstream
                    + "), which is "
                    + r.getString(4)
                    + ": copy #"
                    + upstream
                    + " as well");
          }
        }
      }
      boolean[] flags = new boolean[required.size()];
      for (int f = 0; f < flags.length; f++) {
        flags[f] = required.get(f);
      }
      planned.add(
          new RunPlan.Task(
              task.nodeId(),
              task.type(),
              reset.priority() ? 0 : kept.priority(),
              task.user(),
              after.stream().mapToInt(Integer::intValue).toArray(),
              flags,
              position.getOrDefault(task.parentId(), -1),
              kept.always(),
              kept.continueOnFailure(),
              kept.exclusive(),
              kept.limit(),
              kept.rate(),
              kept.routing()));
    }
    TaskRecord run = queries.taskRow(originalRun);
    RunPlan plan =
        new RunPlan(
            run.nodeId(), queries.pipelineJson(originalRun), planned, runLimits.of(originalRun));
    long[] ids = runs.insert(plan, now, now);
    long root = ids[0];
    // The copy is the same owner's (who could see the run sees its copy), with its run-timeout.
    PreparedStatement kept =
        db.sql(
            "UPDATE tasks SET (user_name, run_timeout_ms) ="
                + " (SELECT user_name, run_timeout_ms FROM tasks WHERE id = ?) WHERE id = ?");
    kept.setLong(1, originalRun);
    kept.setLong(2, root);
    kept.executeUpdate();
    PreparedStatement link = db.sql("UPDATE tasks SET original_id = ? WHERE id = ?");
    PreparedStatement dep =
        db.sql("INSERT INTO task_deps (task_id, depends_on, required) VALUES (?, ?, ?)");
    for (int i = 0; i < tasks.size(); i++) {
      link.setLong(1, tasks.get(i).id());
      link.setLong(2, ids[i + 1]);
      link.addBatch();
      for (TaskDependency original : outside.getOrDefault(i, List.of())) {
        dep.setLong(1, ids[i + 1]);
        dep.setLong(2, original.dependsOn());
        dep.setInt(3, original.required() ? 1 : 0);
        dep.addBatch();
      }
    }
    link.executeBatch();
    dep.executeBatch();
    PreparedStatement origin = db.sql("UPDATE tasks SET original_id = ? WHERE id = ?");
    origin.setLong(1, originalRun);
    origin.setLong(2, root);
    origin.executeUpdate();
    return root;
  }

  /** What a copy keeps of its original's settings. */
  private record Kept(
      int priority,
      boolean always,
      boolean continueOnFailure,
      String exclusive,
      String limit,
      RunPlan.Rate rate,
      RunPlan.Routing routing) {}

  private Kept keptSettings(long id) throws SQLException {
    PreparedStatement select =
        db.sql(
            "SELECT base_priority, always, continue_on_failure, exclusive_key, limit_key,"
                + " rate_bucket, rate_per_second, rate_burst, require_labels, prefer_labels,"
                + " prefer_wait_ms FROM tasks WHERE id = ?");
    select.setLong(1, id);
    try (ResultSet r = select.executeQuery()) {
      r.next();
      return new Kept(
          r.getInt(1),
          r.getInt(2) == 1,
          r.getInt(3) == 1,
          r.getString(4),
          r.getString(5),
          r.getString(6) == null
              ? null
              : new RunPlan.Rate(r.getString(6), r.getDouble(7), r.getInt(8)),
          r.getString(9) == null && r.getString(10) == null
              ? null
              : new RunPlan.Routing(r.getString(9), r.getString(10), r.getLong(11)));
    }
  }
}
