package dev.weft.tasks.store.jdbc;

import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.TraceContext;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Writes new runs: the run, its tasks, their dependencies and limits; in one statement on
 * PostgreSQL ({@link RunStatement}), each in one batch elsewhere.
 */
final class RunWriter {

  private final JdbcDb db;
  private final RunLimitsRepository limits;
  private final RunStatement atOnce;

  RunWriter(JdbcDb db, RunLimitsRepository limits) {
    this.db = db;
    this.limits = limits;
    this.atOnce = new RunStatement(db);
  }

  /**
   * Stores a run and its tasks, in the caller's transaction. Returns the ids given: the run's
   * first, then its tasks' in plan order, ascending.
   */
  long[] insert(RunPlan plan, Instant now, Instant notBefore) throws SQLException {
    long[] ids =
        db.dialect().writesInWith()
            ? atOnce.insert(plan, now, notBefore)
            : insertApart(plan, now, notBefore);
    limits.insert(ids[0], plan.limits());
    return ids;
  }

  /** Stores the run a statement (or a batch) at a time, and tells workers of it. */
  private long[] insertApart(RunPlan plan, Instant now, Instant notBefore) throws SQLException {
    long[] ids = db.dialect().allocateIds(db::sql, plan.tasks().size() + 1);
    long root = ids[0];
    PreparedStatement insert =
        db.sql(
            "INSERT INTO tasks (id, root_id, parent_id, node_id, type, status, priority,"
                + " user_name, waiting, remaining, created_at, started_at, base_priority, ready_at,"
                + " run_timeout_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
        now,
        plan.runTimeout() == null ? null : plan.runTimeout().toMillis());
    PreparedStatement pipeline =
        db.sql(
            "INSERT INTO run_pipelines (run_id, pipeline, traceparent, tracestate,"
                + " trace_parent_span) VALUES (?, ?, ?, ?, ?)");
    pipeline.setLong(1, root);
    pipeline.setString(2, plan.pipelineJson());
    TraceContext trace = plan.trace();
    pipeline.setString(3, trace == null ? null : trace.traceparent());
    pipeline.setString(4, trace == null ? null : trace.tracestate());
    pipeline.setString(5, trace == null ? null : trace.parentSpanId());
    pipeline.executeUpdate();
    PreparedStatement dep =
        db.sql("INSERT INTO task_deps (task_id, depends_on, required) VALUES (?, ?, ?)");
    for (int i = 0; i < plan.tasks().size(); i++) {
      RunPlan.Task task = plan.tasks().get(i);
      long id = ids[i + 1];
      int waiting = task.after().length;
      insert(
          insert,
          id,
          root,
          task.parent() < 0 ? root : ids[task.parent() + 1],
          task.nodeId(),
          task.type(),
          waiting == 0 ? "ready" : "pending",
          task.priority(),
          task.user(),
          waiting,
          0,
          now,
          null);
      for (int d = 0; d < task.after().length; d++) {
        dep.setLong(1, id);
        dep.setLong(2, ids[task.after()[d] + 1]);
        dep.setInt(3, task.required()[d] ? 1 : 0);
        dep.addBatch();
      }
    }
    insert.executeBatch();
    dep.executeBatch();
    PreparedStatement flags =
        db.sql(
            "UPDATE tasks SET always = ?, continue_on_failure = ?, exclusive_key = ?, limit_key = ?,"
                + " rate_bucket = ?, rate_per_second = ?, rate_burst = ?, require_labels = ?,"
                + " prefer_labels = ?, prefer_wait_ms = ? WHERE id = ?");
    for (int i = 0; i < plan.tasks().size(); i++) {
      RunPlan.Task task = plan.tasks().get(i);
      if (task.always()
          || task.continueOnFailure()
          || task.exclusive() != null
          || task.limit() != null
          || task.rate() != null
          || task.routing() != null) {
        flags.setInt(1, task.always() ? 1 : 0);
        flags.setInt(2, task.continueOnFailure() ? 1 : 0);
        flags.setString(3, task.exclusive());
        flags.setString(4, task.limit());
        flags.setString(5, task.rate() == null ? null : task.rate().bucket());
        flags.setObject(6, task.rate() == null ? null : task.rate().perSecond());
        flags.setObject(7, task.rate() == null ? null : task.rate().burst());
        RunPlan.Routing routing = task.routing();
        flags.setString(8, routing == null ? null : routing.require());
        flags.setString(9, routing == null ? null : routing.prefer());
        flags.setObject(10, routing == null ? null : routing.preferWaitMillis());
        flags.setLong(11, ids[i + 1]);
        flags.addBatch();
      }
    }
    flags.executeBatch();
    if (notBefore.isAfter(now)) {
      PreparedStatement later =
          db.sql(
              "UPDATE tasks SET next_attempt_at = ?, ready_at = ?"
                  + " WHERE root_id = ? AND status = 'ready'");
      later.setLong(1, notBefore.toEpochMilli());
      later.setLong(2, notBefore.toEpochMilli());
      later.setLong(3, root);
      later.executeUpdate();
    }
    db.dialect().notifyNewWork(db::sql);
    return ids;
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
      Instant now,
      Long runTimeoutMillis)
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
    insert.setLong(14, now.toEpochMilli()); // pending ones get theirs when they become ready
    insert.setObject(15, runTimeoutMillis); // on the root only
    insert.addBatch();
  }
}
