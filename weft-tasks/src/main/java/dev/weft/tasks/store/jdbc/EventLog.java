package dev.weft.tasks.store.jdbc;

import static dev.weft.tasks.store.jdbc.JdbcDb.instant;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.Event;
import dev.weft.tasks.store.StatusChange;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The event log: what transactions logged ({@link JdbcDb#event}) is written by one statement just
 * before each commits, each row's run, owner and node read from the task it is about; reading after
 * an id, and pruning by age.
 */
final class EventLog {

  /** An event a transaction logs, before it has an id. */
  record Pending(
      long taskId,
      Instant at,
      Event.Kind kind,
      TaskStatus status,
      String error,
      Double progress,
      String note) {}

  private final JdbcDb db;

  EventLog(JdbcDb db) {
    this.db = db;
    db.logEventsTo(this);
  }

  /** Logs each status change (a run's own for a run that ended) in the caller's transaction. */
  void changes(Collection<StatusChange> changes, Instant now) {
    for (StatusChange c : changes) {
      db.event(
          new Pending(
              c.taskId(),
              now,
              c.taskId() == c.rootId() ? Event.Kind.RUN : Event.Kind.TASK,
              c.status(),
              c.error(),
              null,
              null));
    }
  }

  /** Logs a run's (or a task's) new status in the caller's transaction. */
  void status(long taskId, Event.Kind kind, TaskStatus status, Instant now) {
    db.event(new Pending(taskId, now, kind, status, null, null, null));
  }

  /**
   * Events written by one statement at most. Each count of rows is a statement text of its own,
   * prepared once per connection and kept: up to this many texts.
   */
  private static final int ROWS_PER_STATEMENT = 64;

  /**
   * Writes the events of the transaction, last before it commits: one {@code INSERT ... SELECT} of
   * a {@code VALUES} list per {@link #ROWS_PER_STATEMENT} of them, each row's run, owner and node
   * joined from its task, in the order they were logged.
   */
  void write(List<Pending> events) throws SQLException {
    for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
      insert(events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT)));
    }
    events.clear();
  }

  private void insert(List<Pending> rows) throws SQLException {
    String serialize = db.dialect().serializeEvents();
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      values.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
    }
    // VALUES columns are column1..column8 on both databases: n, task, at, kind, status, error,
    // progress, note.
    String sql =
        "INSERT INTO events (at, run_id, task_id, user_name, kind, node_id, status, error,"
            + " progress, note)"
            + " SELECT v.column3, t.root_id, t.id, r.user_name, v.column4,"
            + " t.node_id, v.column5, v.column6, v.column7, v.column8"
            + " FROM (VALUES "
            + values
            + ") AS v CROSS JOIN tasks t CROSS JOIN tasks r"
            + (serialize == null ? "" : " CROSS JOIN " + serialize)
            + " WHERE t.id = v.column2 AND r.id = t.root_id ORDER BY v.column1";
    PreparedStatement insert = db.sql(sql);
    int p = 1;
    for (int i = 0; i < rows.size(); i++) {
      Pending e = rows.get(i);
      insert.setInt(p++, i);
      insert.setLong(p++, e.taskId());
      insert.setLong(p++, e.at().toEpochMilli());
      insert.setString(p++, e.kind().display());
      insert.setString(p++, e.status() == null ? null : TaskQueries.dbStatus(e.status()));
      insert.setString(p++, e.error());
      if (e.progress() == null) {
        insert.setNull(p++, java.sql.Types.DOUBLE);
      } else {
        insert.setDouble(p++, e.progress());
      }
      insert.setString(p++, e.note());
    }
    insert.executeUpdate();
  }

  /** See {@code TaskStore.events}. */
  List<Event> read(Event.Query query) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, at, run_id, task_id, user_name, kind, node_id, status, error, progress,"
                + " note FROM events WHERE id > ?");
    List<Object> values = new ArrayList<>(List.of(query.afterId()));
    if (query.runId() != null) {
      sql.append(" AND run_id = ?");
      values.add(query.runId());
    }
    if (query.user() != null) {
      sql.append(" AND user_name = ?");
      values.add(query.user());
    }
    sql.append(" ORDER BY id LIMIT ?");
    values.add(query.limit());
    return db.read(
        "reading events",
        () -> {
          PreparedStatement select = db.sql(sql.toString());
          for (int i = 0; i < values.size(); i++) {
            select.setObject(i + 1, values.get(i));
          }
          List<Event> events = new ArrayList<>();
          try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
              String status = r.getString(8);
              double progress = r.getDouble(10);
              boolean noProgress = r.wasNull();
              events.add(
                  new Event(
                      r.getLong(1),
                      instant(r, 2),
                      r.getLong(3),
                      r.getLong(4),
                      r.getString(5),
                      Event.Kind.valueOf(r.getString(6).toUpperCase(java.util.Locale.ROOT)),
                      r.getString(7),
                      status == null ? null : TaskQueries.status(status),
                      r.getString(9),
                      noProgress ? null : progress,
                      r.getString(11)));
            }
          }
          return events;
        });
  }

  /** See {@code TaskStore.lastEventId}. */
  long lastId() {
    return db.read(
        "reading the last event id",
        () -> {
          try (ResultSet r = db.sql("SELECT coalesce(max(id), 0) FROM events").executeQuery()) {
            r.next();
            return r.getLong(1);
          }
        });
  }

  /** See {@code TaskStore.pruneEvents}. */
  int prune(Instant before) {
    return db.transaction(
        "pruning events",
        () -> {
          PreparedStatement delete = db.sql("DELETE FROM events WHERE at < ?");
          delete.setLong(1, before.toEpochMilli());
          return delete.executeUpdate();
        });
  }
}
