package dev.weft.tasks.store.sqlite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.weft.tasks.store.jdbc.Dialect;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * SQLite: one writer at a time. A write transaction begins IMMEDIATE, so it holds the database's
 * write lock from its first statement and other processes wait for it (busy timeout) instead of
 * failing half-way; everything it reads stays true until it commits, so claims need no other
 * locking, and ids can be counted on from the highest one stored.
 */
final class SqliteDialect implements Dialect {

  @Override
  public String name() {
    return "SQLite";
  }

  @Override
  public void begin(Connection connection, boolean write) throws SQLException {
    // Autocommit stays on and transactions are begun by hand: with it off, the driver begins the
    // next transaction as soon as one commits, so an idle store would hold the database's lock.
    execute(connection, write ? "BEGIN IMMEDIATE" : "BEGIN");
  }

  @Override
  public void commit(Connection connection) throws SQLException {
    execute(connection, "COMMIT");
  }

  @Override
  public void rollback(Connection connection) throws SQLException {
    execute(connection, "ROLLBACK");
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public boolean retryable(Throwable failure) {
    return false; // the busy timeout already waits for other writers
  }

  @Override
  public long[] allocateIds(PreparedStatementSource sql, int count) throws SQLException {
    long last;
    try (ResultSet r = sql.sql("SELECT coalesce(max(id), 0) FROM tasks").executeQuery()) {
      r.next();
      last = r.getLong(1);
    }
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = last + 1 + i;
    }
    return ids;
  }

  @Override
  public String readyTasks(String columns, boolean inRun, String routing) {
    // The partial indexes give the claim order directly: no sort, however many are ready.
    return "SELECT "
        + columns
        + (inRun
            ? " FROM tasks INDEXED BY tasks_ready_in_run WHERE root_id = ? AND"
            : " FROM tasks INDEXED BY tasks_ready WHERE")
        + " status = 'ready' AND next_attempt_at <= ?"
        + (routing == null ? "" : " AND " + routing)
        + " ORDER BY priority DESC, id LIMIT ? OFFSET ?";
  }

  @Override
  public void serializeClaims(PreparedStatementSource sql) {
    // The write lock, held since the transaction began, already serialises every claim.
  }

  @Override
  public String serializeEvents() {
    return null; // one writer at a time: ids are given in commit order
  }

  @Override
  public String clockQuery() {
    return null; // a file on this machine: its clock is ours
  }

  @Override
  public String inIds(String column) {
    return column + " IN (SELECT value FROM json_each(?))";
  }

  @Override
  public void notifyNewWork(PreparedStatementSource sql) {
    // SQLite cannot tell other processes; their workers find new work when they next poll.
  }

  @Override
  public AutoCloseable listen(ConnectionSource connections, Runnable listener) {
    return () -> {};
  }

  @Override
  public boolean reaperTurn(PreparedStatementSource sql) {
    return true; // the write lock already makes it one at a time
  }

  @Override
  public boolean writesInWith() {
    return false;
  }

  @Override
  public String newWorkNotice() {
    return null; // SQLite cannot tell other processes
  }

  @Override
  public String idRows() {
    return "(SELECT value AS id FROM json_each(?)) AS c";
  }

  @Override
  public String rows(List<Column> columns) {
    StringBuilder select = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      select.append(i == 0 ? "" : ", ").append("value ->> ").append(i).append(" AS ");
      select.append(columns.get(i).name());
    }
    return "(SELECT " + select + " FROM json_each(?)) AS c";
  }

  @Override
  public int setRows(PreparedStatement statement, int index, List<Object> columns)
      throws SQLException {
    // One JSON array of rows, each an array of the columns' values.
    int length = columns.get(0) instanceof long[] n ? n.length : ((String[]) columns.get(0)).length;
    StringWriter json = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(json)) {
      out.writeStartArray();
      for (int row = 0; row < length; row++) {
        out.writeStartArray();
        for (Object column : columns) {
          if (column instanceof long[] numbers) {
            out.writeNumber(numbers[row]);
          } else {
            out.writeString(((String[]) column)[row]);
          }
        }
        out.writeEndArray();
      }
      out.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    statement.setString(index, json.toString());
    return index + 1;
  }

  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public void setIds(PreparedStatement statement, int index, long[] ids) throws SQLException {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < ids.length; i++) {
      json.append(i == 0 ? "" : ",").append(ids[i]);
    }
    statement.setString(index, json.append(']').toString());
  }
}
