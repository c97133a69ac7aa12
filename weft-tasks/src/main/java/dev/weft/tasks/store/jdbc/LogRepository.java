package dev.weft.tasks.store.jdbc;

import static dev.weft.tasks.store.jdbc.JdbcDb.instant;

import dev.weft.tasks.store.LogLine;
import dev.weft.tasks.store.Progress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What tasks report as they run: log lines per attempt, and progress. */
final class LogRepository {

  private final JdbcDb db;

  LogRepository(JdbcDb db) {
    this.db = db;
  }

  /** Stores log lines and progress reports in one transaction. */
  void report(Collection<LogLine> lines, Collection<Progress> progress) {
    if (lines.isEmpty() && progress.isEmpty()) {
      return;
    }
    db.transaction(
        "storing task logs",
        () -> {
          PreparedStatement insert =
              db.sql(
                  "INSERT INTO task_logs (task_id, attempt, at, level, message) VALUES (?, ?, ?, ?, ?)");
          for (LogLine line : lines) {
            insert.setLong(1, line.taskId());
            insert.setInt(2, line.attempt());
            insert.setLong(3, line.at().toEpochMilli());
            insert.setString(4, line.level());
            insert.setString(5, line.message());
            insert.addBatch();
          }
          insert.executeBatch();
          PreparedStatement update =
              db.sql("UPDATE tasks SET progress = ?, progress_note = ? WHERE id = ?");
          for (Progress p : progress) {
            update.setDouble(1, p.fraction());
            update.setString(2, p.note());
            update.setLong(3, p.taskId());
            update.addBatch();
          }
          update.executeBatch();
          return null;
        });
  }

  /** The log lines of a task, every attempt, in the order they were written. */
  List<LogLine> of(long taskId) {
    return db.read(
        "reading the logs of task " + taskId,
        () -> {
          PreparedStatement select =
              db.sql(
                  "SELECT attempt, at, level, message FROM task_logs WHERE task_id = ? ORDER BY id");
          select.setLong(1, taskId);
          List<LogLine> lines = new ArrayList<>();
          try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
              lines.add(
                  new LogLine(taskId, r.getInt(1), instant(r, 2), r.getString(3), r.getString(4)));
            }
          }
          return lines;
        });
  }
}
