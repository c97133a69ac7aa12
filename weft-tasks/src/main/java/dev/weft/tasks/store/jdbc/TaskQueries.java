package dev.weft.tasks.store.jdbc;

import static dev.weft.tasks.store.jdbc.JdbcDb.instant;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.AttemptRecord;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.RunPipeline;
import dev.weft.tasks.store.TaskDependency;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TraceContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Reads of a store: tasks by condition, by id, counted; dependencies, attempts, pipelines; and how
 * statuses are stored.
 */
final class TaskQueries {

  private final JdbcDb db;

  TaskQueries(JdbcDb db) {
    this.db = db;
  }

  static String dbStatus(TaskStatus status) {
    return status.display();
  }

  static TaskStatus status(String db) {
    return TaskStatus.valueOf(db.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  private static final String TASK_COLUMNS =
      "id, root_id, parent_id, node_id, type, status, priority, user_name, attempt, result, error,"
          + " created_at, started_at, finished_at, original_id, progress, progress_note,"
          + " round_started_at";

  private static TaskRecord record(ResultSet r) throws SQLException {
    return new TaskRecord(
        r.getLong("id"),
        r.getLong("root_id"),
        r.getLong("parent_id"),
        r.getString("node_id"),
        r.getString("type"),
        status(r.getString("status")),
        r.getInt("priority"),
        r.getString("user_name"),
        r.getInt("attempt"),
        r.getString("result"),
        r.getString("error"),
        instant(r, "created_at"),
        instant(r, "started_at"),
        instant(r, "finished_at"),
        r.getObject("original_id") == null ? null : r.getLong("original_id"),
        r.getObject("progress") == null ? null : r.getDouble("progress"),
        r.getString("progress_note"),
        instant(r, "round_started_at"));
  }

  /**
   * Tasks matching {@code condition} (SQL after WHERE, one {@code ?} for each of {@code values}).
   */
  List<TaskRecord> records(String what, String condition, Object... values) {
    return db.read(what, () -> select(condition, values));
  }

  /** {@link #records} inside a transaction already begun. */
  List<TaskRecord> select(String condition, Object... values) throws SQLException {
    PreparedStatement select = db.sql("SELECT " + TASK_COLUMNS + " FROM tasks WHERE " + condition);
    for (int i = 0; i < values.length; i++) {
      select.setObject(i + 1, values[i]);
    }
    List<TaskRecord> records = new ArrayList<>();
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        records.add(record(r));
      }
    }
    return records;
  }

  /** A task by id inside a transaction already begun, or null. */
  TaskRecord taskRow(long id) throws SQLException {
    List<TaskRecord> found = select("id = ?", id);
    return found.isEmpty() ? null : found.getFirst();
  }

  /** The condition of {@code findTasks}, its values added to {@code values}. */
  static String taskFilter(Long rootId, TaskStatus status, String user, List<Object> values) {
    StringBuilder where = new StringBuilder("parent_id IS NOT NULL");
    if (rootId != null) {
      where.append(" AND root_id = ?");
      values.add(rootId);
    }
    if (status != null) {
      where.append(" AND status = ?");
      values.add(dbStatus(status));
    }
    if (user != null) {
      where.append(" AND user_name = ?");
      values.add(user);
    }
    return where.toString();
  }

  /** How many tasks meet {@code condition}. */
  int count(String what, String condition, Object... values) {
    return db.read(
        what,
        () -> {
          PreparedStatement count = db.sql("SELECT COUNT(*) FROM tasks WHERE " + condition);
          for (int i = 0; i < values.length; i++) {
            count.setObject(i + 1, values[i]);
          }
          try (ResultSet r = count.executeQuery()) {
            r.next();
            return r.getInt(1);
          }
        });
  }

  /** The pipeline JSON kept on run {@code rootId}, inside a transaction already begun. */
  String pipelineJson(long rootId) throws SQLException {
    PreparedStatement select = db.sql("SELECT pipeline FROM run_pipelines WHERE run_id = ?");
    select.setLong(1, rootId);
    try (ResultSet r = select.executeQuery()) {
      if (!r.next() || r.getString(1) == null) {
        throw new SQLException("no run " + rootId);
      }
      return r.getString(1);
    }
  }

  /**
   * The pipelines of the runs of {@code claimed} that {@code known} does not hold, in one query,
   * inside a transaction already begun.
   */
  Map<Long, RunPipeline> pipelines(List<ClaimedTask> claimed, LongPredicate known)
      throws SQLException {
    long[] roots =
        claimed.stream()
            .mapToLong(ClaimedTask::rootId)
            .distinct()
            .filter(r -> !known.test(r))
            .toArray();
    if (roots.length == 0) {
      return Map.of();
    }
    PreparedStatement select =
        db.sql(
            "SELECT run_id, pipeline, traceparent, tracestate, trace_parent_span"
                + " FROM run_pipelines WHERE "
                + db.dialect().inIds("run_id"));
    db.dialect().setIds(select, 1, roots);
    Map<Long, RunPipeline> pipelines = new HashMap<>();
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        pipelines.put(r.getLong(1), new RunPipeline(r.getString(2), trace(r, 3)));
      }
    }
    return pipelines;
  }

  /** The trace of run {@code rootId}, if it has one, inside a transaction already begun. */
  Optional<TraceContext> trace(long rootId) throws SQLException {
    PreparedStatement select =
        db.sql(
            "SELECT traceparent, tracestate, trace_parent_span FROM run_pipelines WHERE run_id = ?");
    select.setLong(1, rootId);
    try (ResultSet r = select.executeQuery()) {
      return r.next() ? Optional.ofNullable(trace(r, 1)) : Optional.empty();
    }
  }

  /**
   * The trace in the row's traceparent, tracestate and trace_parent_span columns, from column
   * {@code first}; {@code null} when the run is not traced.
   */
  private static TraceContext trace(ResultSet r, int first) throws SQLException {
    String traceparent = r.getString(first);
    return traceparent == null
        ? null
        : new TraceContext(traceparent, r.getString(first + 1), r.getString(first + 2));
  }

  /** The dependencies of the tasks of run {@code rootId}. */
  List<TaskDependency> dependencies(long rootId) throws SQLException {
    PreparedStatement select =
        db.sql(
            "SELECT d.task_id, d.depends_on, d.required FROM tasks t CROSS JOIN task_deps d"
                + " WHERE t.root_id = ? AND d.task_id = t.id ORDER BY d.task_id, d.depends_on");
    select.setLong(1, rootId);
    List<TaskDependency> edges = new ArrayList<>();
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        edges.add(new TaskDependency(r.getLong(1), r.getLong(2), r.getInt(3) == 1));
      }
    }
    return edges;
  }

  /** The attempts of task {@code taskId}, in order. */
  List<AttemptRecord> attempts(long taskId) throws SQLException {
    PreparedStatement select =
        db.sql(
            "SELECT attempt, worker, started_at, finished_at, outcome, error FROM attempts"
                + " WHERE task_id = ? ORDER BY attempt");
    select.setLong(1, taskId);
    List<AttemptRecord> attempts = new ArrayList<>();
    try (ResultSet r = select.executeQuery()) {
      while (r.next()) {
        attempts.add(
            new AttemptRecord(
                r.getInt(1),
                r.getString(2),
                instant(r, 3),
                instant(r, 4),
                r.getString(5),
                r.getString(6)));
      }
    }
    return attempts;
  }

  /** The earliest time a ready task of run {@code rootId} (or any, for null) becomes claimable. */
  Optional<Instant> nextDue(Long rootId) throws SQLException {
    PreparedStatement select =
        db.sql(
            rootId == null
                ? "SELECT min(next_attempt_at) FROM tasks WHERE status = 'ready'"
                : "SELECT min(next_attempt_at) FROM tasks WHERE root_id = ? AND status = 'ready'");
    if (rootId != null) {
      select.setLong(1, rootId);
    }
    try (ResultSet r = select.executeQuery()) {
      return r.next() ? Optional.ofNullable(instant(r, 1)) : Optional.empty();
    }
  }
}
