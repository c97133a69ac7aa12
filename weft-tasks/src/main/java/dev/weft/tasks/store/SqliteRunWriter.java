package dev.weft.tasks.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Writes new runs into a SQLite store: the run, its tasks, their dependencies and limits. */
final class SqliteRunWriter {

  private final SqliteDb db;
  private final SqliteRunLimits limits;

  SqliteRunWriter(SqliteDb db, SqliteRunLimits limits) {
    this.db = db;
    this.limits = limits;
  }

  /**
   * Stores a run and its tasks, in the caller's transaction, and returns the run's id. The run
   * takes the next free id and its tasks the ids after it, in plan order (copies rely on it).
   */
  long insert(RunPlan plan, Instant now, Instant notBefore) throws SQLException {
    long root;
    try (ResultSet r = db.sql("SELECT coalesce(max(id), 0) FROM tasks").executeQuery()) {
      r.next();
      root = r.getLong(1) + 1;
    }
    PreparedStatement insert =
        db.sql(
            "INSERT INTO tasks (id, root_id, parent_id, node_id, type, status, priority,"
                + " user_name, waiting, remaining, created_at, started_at, base_priority)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert(
        insert,
        root,
        root,
        null,
        plan.name(),
        "pipeline",
        "running",
        0,
        null,
        0,
        plan.tasks().size(),
        now);
    PreparedStatement pipeline =
        db.sql("INSERT INTO run_pipelines (run_id, pipeline) VALUES (?, ?)");
    pipeline.setLong(1, root);
    pipeline.setString(2, plan.pipelineJson());
    pipeline.executeUpdate();
    PreparedStatement dep =
        db.sql("INSERT INTO task_deps (task_id, depends_on, required) VALUES (?, ?, ?)");
    for (int i = 0; i < plan.tasks().size(); i++) {
      RunPlan.Task task = plan.tasks().get(i);
      long id = root + 1 + i;
      int waiting = task.after().length;
      insert(
          insert,
          id,
          root,
          task.parent() < 0 ? root : root + 1 + task.parent(),
          task.nodeId(),
          task.type(),
          waiting == 0 ? "ready" : "pending",
          task.priority(),
          task.user(),
          waiting,
          0,
          now);
      for (int d = 0; d < task.after().length; d++) {
        dep.setLong(1, id);
        dep.setLong(2, root + 1 + task.after()[d]);
        dep.setInt(3, task.required()[d] ? 1 : 0);
        dep.addBatch();
      }
    }
    insert.executeBatch();
    dep.executeBatch();
    PreparedStatement flags =
        db.sql(
            "UPDATE tasks SET always = ?, continue_on_failure = ?, exclusive_key = ?, limit_key = ?,"
                + " rate_bucket = ?, rate_per_second = ?, rate_burst = ? WHERE id = ?");
    for (int i = 0; i < plan.tasks().size(); i++) {
      RunPlan.Task task = plan.tasks().get(i);
      if (task.always()
          || task.continueOnFailure()
          || task.exclusive() != null
          || task.limit() != null
          || task.rate() != null) {
        flags.setInt(1, task.always() ? 1 : 0);
        flags.setInt(2, task.continueOnFailure() ? 1 : 0);
        flags.setString(3, task.exclusive());
        flags.setString(4, task.limit());
        flags.setString(5, task.rate() == null ? null : task.rate().bucket());
        flags.setObject(6, task.rate() == null ? null : task.rate().perSecond());
        flags.setObject(7, task.rate() == null ? null : task.rate().burst());
        flags.setLong(8, root + 1 + i);
        flags.addBatch();
      }
    }
    flags.executeBatch();
    if (notBefore.isAfter(now)) {
      PreparedStatement later =
          db.sql("UPDATE tasks SET next_attempt_at = ? WHERE root_id = ? AND status = 'ready'");
      later.setLong(1, notBefore.toEpochMilli());
      later.setLong(2, root);
      later.executeUpdate();
    }
    limits.insert(root, plan.limits());
    return root;
  }

  private static void insert(
      PreparedStatement insert,
      long id,
      long root,
      Long parent,
      String nodeId,
      String type,
      String status,
      int priority,
      String user,
      int waiting,
      int remaining,
      Instant now)
      throws SQLException {
    insert.setLong(1, id);
    insert.setLong(2, root);
    insert.setObject(3, parent);
    insert.setString(4, nodeId);
    insert.setString(5, type);
    insert.setString(6, status);
    insert.setInt(7, priority);
    insert.setString(8, user);
    insert.setInt(9, waiting);
    insert.setInt(10, remaining);
    insert.setLong(11, now.toEpochMilli());
    insert.setObject(12, parent == null ? now.toEpochMilli() : null); // a run starts when created
    insert.setInt(13, priority);
    insert.addBatch();
  }
}
