package dev.weft.tasks.store.jdbc;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.StatusChange;
import dev.weft.tasks.store.TaskRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What people and supervisors do to runs from outside, inside the caller's transaction: cancel a
 * run or a task, retry a run where it failed, and age waiting tasks. Each begins with the write
 * that decides (a compare-and-set on the run or the task), so with many workers it happens once.
 */
final class RunControl {

  private final JdbcDb db;
  private final Transitions transitions;

  RunControl(JdbcDb db, Transitions transitions) {
    this.db = db;
    this.transitions = transitions;
  }

  /** See {@code TaskStore.cancelRun}. */
  List<StatusChange> cancelRun(long rootId, Instant now, String reason) throws SQLException {
    List<StatusChange> changes = new ArrayList<>();
    PreparedStatement run = db.sql("SELECT status FROM tasks WHERE id = ? AND parent_id IS NULL");
    run.setLong(1, rootId);
    try (ResultSet r = run.executeQuery()) {
      if (!r.next() || !r.getString(1).equals("running")) {
        return changes; // no such run, or it has ended already
      }
    }
    String error = reason == null ? "cancelled" : "cancelled: " + reason;
    // Always-run tasks are not cancelled: they run once what they wait for has ended. One
    // statement both cancels and lists, so a task claimed meanwhile is neither.
    PreparedStatement cancel =
        db.sql(
            "UPDATE tasks SET status = 'cancelled', error = ?, finished_at = ?"
                + " WHERE root_id = ? AND status IN ('pending', 'ready') AND always = 0"
                + " RETURNING id, node_id");
    cancel.setString(1, error);
    cancel.setLong(2, now.toEpochMilli());
    cancel.setLong(3, rootId);
    try (ResultSet r = cancel.executeQuery()) {
      while (r.next()) {
        changes.add(
            new StatusChange(r.getLong(1), rootId, r.getString(2), TaskStatus.CANCELLED, error));
      }
    }
    changes.sort(Comparator.comparingLong(StatusChange::taskId));
    for (StatusChange cancelled : changes) {
      transitions.releaseDependents(cancelled.taskId(), true, now); // always-run ones stop waiting
    }
    if (reason != null) {
      PreparedStatement why = db.sql("UPDATE tasks SET error = ? WHERE id = ?");
      why.setString(1, reason);
      why.setLong(2, rootId);
      why.executeUpdate();
    }
    // The run's own row is among its running ones: its end then says cancelled.
    PreparedStatement stop =
        db.sql("UPDATE tasks SET cancel_requested = 1 WHERE root_id = ? AND status = 'running'");
    stop.setLong(1, rootId);
    stop.executeUpdate();
    transitions.tasksEnded(rootId, changes.size(), 0, 0, now, changes);
    return changes;
  }

  /** See {@code TaskStore.cancelTask}; {@code task} is not a run. */
  List<StatusChange> cancelTask(TaskRecord task, Instant now) throws SQLException {
    List<StatusChange> changes = new ArrayList<>();
    PreparedStatement waiting =
        db.sql(
            "UPDATE tasks SET status = 'cancelled', error = 'cancelled', finished_at = ?"
                + " WHERE id = ? AND status IN ('pending', 'ready')");
    waiting.setLong(1, now.toEpochMilli());
    waiting.setLong(2, task.id());
    if (waiting.executeUpdate() == 1) {
      changes.add(
          new StatusChange(
              task.id(), task.rootId(), task.nodeId(), TaskStatus.CANCELLED, "cancelled"));
      int ended =
          1
              + transitions.cascade(
                  task.id(), task.rootId(), task.nodeId(), TaskStatus.CANCELLED, now, changes);
      transitions.tasksEnded(task.rootId(), ended, ended, 0, now, changes);
      return changes;
    }
    // Running: its worker interrupts it, and its end cancels what depends on it.
    PreparedStatement stop =
        db.sql("UPDATE tasks SET cancel_requested = 1 WHERE id = ? AND status = 'running'");
    stop.setLong(1, task.id());
    stop.executeUpdate();
    return changes;
  }

  /** See {@code TaskStore.retryFailed}. */
  int retryFailed(long rootId, Instant now) throws SQLException {
    // Reopening the run first decides: of two retries of one run, the second finds it running.
    PreparedStatement reopen =
        db.sql(
            "UPDATE tasks SET status = 'running', failures = 0, cancel_requested = 0,"
                + " finished_at = NULL, error = NULL, round_started_at = ?"
                + " WHERE id = ? AND parent_id IS NULL AND status IN ('failed', 'cancelled')");
    reopen.setLong(1, now.toEpochMilli());
    reopen.setLong(2, rootId);
    if (reopen.executeUpdate() == 0) {
      return 0; // no such run, or it succeeded, or it is still running
    }
    PreparedStatement reset =
        db.sql(
            "UPDATE tasks SET status = 'pending', error = NULL, finished_at = NULL, next_attempt_at = 0,"
                + " cancel_requested = 0, round_start = attempt, round_started_at = NULL"
                + " WHERE root_id = ? AND id <> root_id"
                + " AND status IN ('failed', 'upstream-failed', 'cancelled')");
    reset.setLong(1, rootId);
    int again = reset.executeUpdate();
    // Each waits for its dependencies that will run again; the succeeded ones are done.
    PreparedStatement waiting =
        db.sql(
            "UPDATE tasks SET waiting = (SELECT count(*) FROM task_deps d CROSS JOIN tasks u"
                + " WHERE d.task_id = tasks.id AND u.id = d.depends_on AND u.status = 'pending')"
                + " WHERE root_id = ? AND status = 'pending'");
    waiting.setLong(1, rootId);
    waiting.executeUpdate();
    PreparedStatement ready =
        db.sql(
            "UPDATE tasks SET status = 'ready', ready_at = ?"
                + " WHERE root_id = ? AND status = 'pending' AND waiting = 0");
    ready.setLong(1, now.toEpochMilli());
    ready.setLong(2, rootId);
    ready.executeUpdate();
    PreparedStatement remaining = db.sql("UPDATE tasks SET remaining = ? WHERE id = ?");
    remaining.setInt(1, again);
    remaining.setLong(2, rootId);
    remaining.executeUpdate();
    db.dialect().notifyNewWork(db::sql);
    return again;
  }

  /** See {@code TaskStore.age}. */
  void age(Instant now, Duration step) throws SQLException {
    PreparedStatement age =
        db.sql(
            "UPDATE tasks SET priority = base_priority + (? - created_at) / ?"
                + " WHERE status = 'ready' AND priority < base_priority + (? - created_at) / ?");
    long stepMillis = Math.max(1, step.toMillis());
    age.setLong(1, now.toEpochMilli());
    age.setLong(2, stepMillis);
    age.setLong(3, now.toEpochMilli());
    age.setLong(4, stepMillis);
    age.executeUpdate();
  }
}
