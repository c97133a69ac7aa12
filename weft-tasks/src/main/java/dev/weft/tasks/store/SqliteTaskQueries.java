package dev.weft.tasks.store;

import static dev.weft.tasks.store.SqliteDb.instant;

import dev.weft.tasks.TaskStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads tasks from a SQLite store: by condition, by id, counted; and how statuses are stored. */
final class SqliteTaskQueries {

  private final SqliteDb db;

  SqliteTaskQueries(SqliteDb db) {
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
}
