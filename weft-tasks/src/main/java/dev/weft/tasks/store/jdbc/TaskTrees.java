package dev.weft.tasks.store.jdbc;

import static dev.weft.tasks.store.jdbc.TaskQueries.dbStatus;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.TaskDependency;
import dev.weft.tasks.store.TaskDetails;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the task API does to runs beyond running them, inside the caller's transaction: runs with an
 * owner, held until started, whose tasks may be changed or deleted until then, and the details
 * their clients gave of tasks. A held run is pending, and so are all its tasks: nothing claims
 * them, no engine loads its pipeline, so rewriting it is safe until {@link #start}.
 */
final class TaskTrees {

  private final JdbcDb db;
  private final RunWriter runs;
  private final TaskQueries queries;

  TaskTrees(JdbcDb db, RunWriter runs, TaskQueries queries) {
    this.db = db;
    this.runs = runs;
    this.queries = queries;
  }

  /** See {@code TaskStore.createRun(RunPlan, Instant, Instant, NewRun)}. */
  long create(RunPlan plan, Instant now, Instant notBefore, TaskStore.NewRun how)
      throws SQLException {
    long[] ids = runs.insert(plan, now, notBefore);
    long root = ids[0];
    if (how.owner() != null) {
      PreparedStatement owner = db.sql("UPDATE tasks SET user_name = ? WHERE id = ?");
      owner.setString(1, how.owner());
      owner.setLong(2, root);
      owner.executeUpdate();
    }
    if (how.held()) {
      PreparedStatement hold =
          db.sql("UPDATE tasks SET status = 'pending', started_at = NULL WHERE id = ?");
      hold.setLong(1, root);
      hold.executeUpdate();
      PreparedStatement tasks =
          db.sql("UPDATE tasks SET status = 'pending' WHERE root_id = ? AND status = 'ready'");
      tasks.setLong(1, root);
      tasks.executeUpdate();
    }
    PreparedStatement insert =
        db.sql(
            "INSERT INTO task_details (task_id, name, inputs, params, schemas)"
                + " VALUES (?, ?, ?, ?, ?)");
    boolean any = false;
    for (int i = 0; i < how.details().size() && i < plan.tasks().size(); i++) {
      TaskDetails details = how.details().get(i);
      if (details != null) {
        setDetails(insert, ids[i + 1], details);
        insert.addBatch();
        any = true;
      }
    }
    if (any) {
      insert.executeBatch();
    }
    return root;
  }

  private static void setDetails(PreparedStatement insert, long taskId, TaskDetails details)
      throws SQLException {
    insert.setLong(1, taskId);
    insert.setString(2, details.name());
    insert.setString(3, details.inputsJson());
    insert.setString(4, details.paramsJson());
    insert.setString(5, details.schemasJson());
  }

  /** See {@code TaskStore.startRun}. */
  boolean start(long root, Instant now) throws SQLException {
    PreparedStatement start =
        db.sql(
            "UPDATE tasks SET status = 'running', started_at = ?"
                + " WHERE id = ? AND parent_id IS NULL AND status = 'pending'");
    start.setLong(1, now.toEpochMilli());
    start.setLong(2, root);
    if (start.executeUpdate() == 0) {
      return false;
    }
    PreparedStatement ready =
        db.sql(
            "UPDATE tasks SET status = 'ready', next_attempt_at = 0"
                + " WHERE root_id = ? AND id <> root_id AND status = 'pending' AND waiting = 0");
    ready.setLong(1, root);
    ready.executeUpdate();
    db.dialect().notifyNewWork(db::sql);
    return true;
  }

  /**
   * Opens a held run so it can be cancelled as any other: running, its tasks left pending. Does
   * nothing to a run that is not held.
   */
  void openIfHeld(long root, Instant now) throws SQLException {
    PreparedStatement open =
        db.sql(
            "UPDATE tasks SET status = 'running', started_at = ?"
                + " WHERE id = ? AND parent_id IS NULL AND status = 'pending'");
    open.setLong(1, now.toEpochMilli());
    open.setLong(2, root);
    open.executeUpdate();
  }

  /**
   * Puts back to pending the tasks of a held run that something made ready (cancelling one of its
   * tasks releases the tasks that only wait for its end): nothing of a held run is claimable.
   */
  void keepHeld(long root) throws SQLException {
    PreparedStatement hold =
        db.sql(
            "UPDATE tasks SET status = 'pending' WHERE root_id = ? AND status = 'ready'"
                + " AND EXISTS (SELECT 1 FROM tasks r WHERE r.id = ? AND r.status = 'pending')");
    hold.setLong(1, root);
    hold.setLong(2, root);
    hold.executeUpdate();
  }

  /** See {@code TaskStore.details}. */
  Map<Long, TaskDetails> details(long root) throws SQLException {
    PreparedStatement select =
        db.sql(
            "SELECT d.task_id, d.name, d.inputs, d.params, d.schemas FROM tasks t"
                + " CROSS JOIN task_details d WHERE t.root_id = ? AND d.task_id = t.id"
                + " ORDER BY d.task_id");
    select.setLong(1, root);
    Map<Long, TaskDetails> details = new LinkedHashMap<>();
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        details.put(
            r.getLong(1),
            new TaskDetails(r.getString(2), r.getString(3), r.getString(4), r.getString(5)));
      }
    }
    return details;
  }

  /** Copies the details of the originals of a new copy's tasks onto the copies. */
  void copyDetails(long copyRoot) throws SQLException {
    PreparedStatement copy =
        db.sql(
            "INSERT INTO task_details (task_id, name, inputs, params, schemas)"
                + " SELECT t.id, d.name, d.inputs, d.params, d.schemas FROM tasks t"
                + " CROSS JOIN task_details d WHERE t.root_id = ? AND d.task_id = t.original_id");
    copy.setLong(1, copyRoot);
    copy.executeUpdate();
  }

  private boolean held(long root) throws SQLException {
    TaskRecord run = queries.taskRow(root);
    return run != null && run.parentId() == 0 && run.status() == TaskStatus.PENDING;
  }

  /** See {@code TaskStore.updateTask}. */
  boolean update(long taskId, TaskStore.TaskUpdate update) throws SQLException {
    TaskRecord task = queries.taskRow(taskId);
    if (task == null
        || task.attempt() > 0
        || (task.status() != TaskStatus.PENDING && task.status() != TaskStatus.READY)) {
      return false;
    }
    boolean structural =
        update.dependencies() != null || update.details() != null || update.pipelineJson() != null;
    if (structural && !held(task.rootId())) {
      return false;
    }
    if (update.priority() != null) {
      PreparedStatement priority =
          db.sql("UPDATE tasks SET priority = ?, base_priority = ? WHERE id = ?");
      priority.setInt(1, update.priority());
      priority.setInt(2, update.priority());
      priority.setLong(3, taskId);
      priority.executeUpdate();
    }
    if (update.dependencies() != null) {
      PreparedStatement clear = db.sql("DELETE FROM task_deps WHERE task_id = ?");
      clear.setLong(1, taskId);
      clear.executeUpdate();
      PreparedStatement dep =
          db.sql("INSERT INTO task_deps (task_id, depends_on, required) VALUES (?, ?, ?)");
      for (TaskDependency d : update.dependencies()) {
        dep.setLong(1, taskId);
        dep.setLong(2, d.dependsOn());
        dep.setInt(3, d.required() ? 1 : 0);
        dep.addBatch();
      }
      if (!update.dependencies().isEmpty()) {
        dep.executeBatch();
      }
      PreparedStatement waiting = db.sql("UPDATE tasks SET waiting = ? WHERE id = ?");
      waiting.setInt(1, update.dependencies().size());
      waiting.setLong(2, taskId);
      waiting.executeUpdate();
    }
    if (update.details() != null) {
      PreparedStatement clear = db.sql("DELETE FROM task_details WHERE task_id = ?");
      clear.setLong(1, taskId);
      clear.executeUpdate();
      PreparedStatement insert =
          db.sql(
              "INSERT INTO task_details (task_id, name, inputs, params, schemas)"
                  + " VALUES (?, ?, ?, ?, ?)");
      setDetails(insert, taskId, update.details());
      insert.executeUpdate();
    }
    if (update.pipelineJson() != null) {
      replacePipeline(task.rootId(), update.pipelineJson());
    }
    return true;
  }

  private void replacePipeline(long root, String pipelineJson) throws SQLException {
    PreparedStatement pipeline = db.sql("UPDATE run_pipelines SET pipeline = ? WHERE run_id = ?");
    pipeline.setString(1, pipelineJson);
    pipeline.setLong(2, root);
    pipeline.executeUpdate();
  }

  /** See {@code TaskStore.deleteTasks}. */
  int delete(long root, Collection<Long> taskIds, String pipelineJson) throws SQLException {
    if (!held(root)) {
      return 0;
    }
    List<Long> ids = new ArrayList<>();
    if (taskIds.contains(root)) {
      for (TaskRecord t : queries.select("root_id = ?", root)) {
        ids.add(t.id());
      }
    } else {
      for (Long id : taskIds) {
        TaskRecord t = queries.taskRow(id);
        if (t != null && t.rootId() == root && t.id() != root) {
          ids.add(id);
        }
      }
    }
    for (String statement :
        List.of(
            "DELETE FROM task_deps WHERE task_id = ?",
            "DELETE FROM task_deps WHERE depends_on = ?",
            "DELETE FROM task_details WHERE task_id = ?",
            "DELETE FROM tasks WHERE id = ?")) {
      PreparedStatement delete = db.sql(statement);
      for (long id : ids) {
        delete.setLong(1, id);
        delete.addBatch();
      }
      delete.executeBatch();
    }
    if (taskIds.contains(root)) {
      for (String statement :
          List.of(
              "DELETE FROM run_pipelines WHERE run_id = ?",
              "DELETE FROM run_limits WHERE run_id = ?")) {
        PreparedStatement delete = db.sql(statement);
        delete.setLong(1, root);
        delete.executeUpdate();
      }
      return ids.size();
    }
    PreparedStatement remaining = db.sql("UPDATE tasks SET remaining = remaining - ? WHERE id = ?");
    remaining.setInt(1, ids.size());
    remaining.setLong(2, root);
    remaining.executeUpdate();
    if (pipelineJson != null) {
      replacePipeline(root, pipelineJson);
    }
    return ids.size();
  }

  /** The condition of {@code findRuns}, its values added to {@code values}. */
  static String runFilter(String owner, TaskStatus status, List<Object> values) {
    StringBuilder where = new StringBuilder("parent_id IS NULL");
    if (owner != null) {
      where.append(" AND user_name = ?");
      values.add(owner);
    }
    if (status != null) {
      where.append(" AND status = ?");
      values.add(dbStatus(status));
    }
    return where.toString();
  }
}
