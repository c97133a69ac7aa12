package dev.weft.tasks.store.postgres;

import dev.weft.tasks.store.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL: many writers at once, each transaction READ COMMITTED on a pooled connection. Ready
 * tasks are claimed {@code FOR UPDATE SKIP LOCKED}, so concurrent claims get disjoint rows without
 * waiting for each other; claims that count running tasks against limits take turns on one
 * transaction-scoped advisory lock; ids come from a sequence.
 */
final class PostgresDialect implements Dialect {

  /**
   * The advisory locks are two-key: this class ("clms" in ASCII) or {@link #REAPER_LOCK}, then the
   * store's schema ({@link #SCHEMA_KEY}), so stores in two schemas of one database do not wait for
   * each other.
   */
  static final int CLAIMS_LOCK = 0x636c6d73;

  /** The second key of Weft's advisory locks: the store's schema. */
  static final String SCHEMA_KEY = "hashtext(current_schema())";

  /** The advisory lock of the worker looking for lost workers' tasks ("reap"). */
  static final int REAPER_LOCK = 0x72656170;

  /** The advisory lock under which transactions write their events and commit ("evnt"). */
  static final int EVENTS_LOCK = 0x65766e74;

  /** Serialization failure, deadlock detected: the transaction may simply run again. */
  private static final Set<String> RETRYABLE = Set.of("40001", "40P01");

  @Override
  public String name() {
    return "PostgreSQL";
  }

  @Override
  public void begin(Connection connection, boolean write) {
    // The pool hands out connections with autocommit off: a transaction is already open.
  }

  @Override
  public void commit(Connection connection) throws SQLException {
    connection.commit();
  }

  @Override
  public void rollback(Connection connection) throws SQLException {
    connection.rollback();
  }

  @Override
  public boolean retryable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException e && e.getSQLState() != null) {
        return RETRYABLE.contains(e.getSQLState());
      }
    }
    return false;
  }

  @Override
  public long[] allocateIds(PreparedStatementSource sql, int count) throws SQLException {
    PreparedStatement next = sql.sql("SELECT nextval('task_ids') FROM generate_series(1, ?)");
    next.setInt(1, count);
    long[] ids = new long[count];
    int i = 0;
    try (ResultSet r = next.executeQuery()) {
      while (r.next()) {
        ids[i++] = r.getLong(1);
      }
    }
    Arrays.sort(ids); // concurrent callers may interleave: the run's first, its tasks in order
    return ids;
  }

  @Override
  public String newWorkNotice() {
    // Delivered when the transaction commits, once however many times it is said in it (the
    // payload is the same each time). The transaction's id picks who claims first: WakeOrder.
    return "SELECT pg_notify(" + PostgresListener.CHANNEL + ", txid_current()::text)";
  }

  @Override
  public String readyTasks(String columns, boolean inRun, String routing) {
    return "SELECT "
        + columns
        + " FROM tasks WHERE "
        + (inRun ? "root_id = ? AND " : "")
        + "status = 'ready' AND next_attempt_at <= ?"
        + (routing == null ? "" : " AND " + routing)
        + " ORDER BY priority DESC, id"
        + " LIMIT ? OFFSET ? FOR UPDATE SKIP LOCKED";
  }

  @Override
  public void serializeClaims(PreparedStatementSource sql) throws SQLException {
    PreparedStatement lock = sql.sql("SELECT pg_advisory_xact_lock(?, " + SCHEMA_KEY + ")");
    lock.setInt(1, CLAIMS_LOCK);
    try (ResultSet r = lock.executeQuery()) {
      r.next();
    }
  }

  @Override
  public String serializeEvents() {
    // Held from the event rows' ids to the commit; the commit is visible before it is released.
    return "(SELECT pg_advisory_xact_lock(" + EVENTS_LOCK + ", " + SCHEMA_KEY + ")) AS l";
  }

  @Override
  public String clockQuery() {
    return "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint";
  }

  @Override
  public String inIds(String column) {
    // Not IN (SELECT unnest(...)): the planner takes that for a semi-join and scans the table.
    return column + " = ANY(?::bigint[])";
  }

  @Override
  public void notifyNewWork(PreparedStatementSource sql) throws SQLException {
    PreparedStatement notify = sql.sql(newWorkNotice());
    try (ResultSet r = notify.executeQuery()) {
      r.next();
    }
  }

  @Override
  public AutoCloseable listen(ConnectionSource connections, Runnable listener) {
    PostgresListener listening = new PostgresListener(connections, listener);
    listening.start();
    return listening;
  }

  @Override
  public boolean reaperTurn(PreparedStatementSource sql) throws SQLException {
    PreparedStatement lock = sql.sql("SELECT pg_try_advisory_xact_lock(?, " + SCHEMA_KEY + ")");
    lock.setInt(1, REAPER_LOCK);
    try (ResultSet r = lock.executeQuery()) {
      return r.next() && r.getBoolean(1);
    }
  }

  @Override
  public boolean writesInWith() {
    return true;
  }

  @Override
  public String idRows() {
    return "unnest(?::bigint[]) AS c(id)";
  }

  @Override
  public String rows(List<Column> columns) {
    StringBuilder arrays = new StringBuilder();
    StringBuilder names = new StringBuilder();
    for (Column column : columns) {
      arrays
          .append(arrays.isEmpty() ? "" : ", ")
          .append(column.text() ? "?::text[]" : "?::bigint[]");
      names.append(names.isEmpty() ? "" : ", ").append(column.name());
    }
    return "unnest(" + arrays + ") AS c(" + names + ")";
  }

  @Override
  public int setRows(PreparedStatement statement, int index, List<Object> columns)
      throws SQLException {
    int p = index;
    for (Object column : columns) {
      Object[] values =
          column instanceof long[] numbers
              ? Arrays.stream(numbers).boxed().toArray(Long[]::new)
              : (String[]) column;
      statement.setArray(
          p++,
          statement
              .getConnection()
              .createArrayOf(column instanceof long[] ? "bigint" : "text", values));
    }
    return p;
  }

  @Override
  public void setIds(PreparedStatement statement, int index, long[] ids) throws SQLException {
    setRows(statement, index, List.of(ids)); // idRows is rows of one number column
  }
}
