package dev.weft.tasks.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The one SQLite connection a store works through, its prepared statements, and its transactions.
 * Everything runs under this object's lock. Write transactions begin IMMEDIATE, so they hold the
 * write lock from their first statement and other processes wait for it (busy timeout) instead of
 * failing half-way.
 */
final class SqliteDb implements AutoCloseable {

  /** Work done inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  /**
   * @param connection with autocommit on: with it off, the driver begins the next transaction as
   *     soon as one commits, so an idle store would hold the database's lock
   */
  SqliteDb(Connection connection) {
    this.connection = connection;
  }

  /** A write transaction: holds the write lock from its start, so its reads stay valid. */
  <T> T transaction(String what, Work<T> work) {
    return run(what, "BEGIN IMMEDIATE", work);
  }

  /** A read-only transaction: takes no write lock. */
  <T> T read(String what, Work<T> work) {
    return run(what, "BEGIN", work);
  }

  private synchronized <T> T run(String what, String begin, Work<T> work) {
    try {
      execute(begin);
      T result;
      try {
        result = work.run();
      } catch (SQLException | RuntimeException e) {
        execute("ROLLBACK");
        throw e;
      }
      execute("COMMIT");
      return result;
    } catch (IllegalArgumentException e) {
      throw e; // a request the store refused, rolled back: the caller's message says why
    } catch (SQLException | RuntimeException e) {
      throw new StoreException(what + " failed: " + e.getMessage(), e);
    }
  }

  void execute(String statement) throws SQLException {
    sql(statement).execute();
  }

  /** The statement for {@code text}, prepared once. */
  PreparedStatement sql(String text) throws SQLException {
    PreparedStatement statement = statements.get(text);
    if (statement == null) {
      statement = connection.prepareStatement(text);
      statements.put(text, statement);
    }
    return statement;
  }

  /** A statement of text that varies from call to call: not kept, the caller closes it. */
  PreparedStatement prepare(String text) throws SQLException {
    return connection.prepareStatement(text);
  }

  /** An instant as stored: epoch milliseconds, or null. */
  static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  static Instant instant(ResultSet r, String column) throws SQLException {
    return instant(r, r.findColumn(column));
  }

  /** By position: on a hot path, as finding a column by name costs a call per column. */
  static Instant instant(ResultSet r, int column) throws SQLException {
    long value = r.getLong(column);
    return r.wasNull() ? null : Instant.ofEpochMilli(value);
  }

  @Override
  public synchronized void close() {
    try {
      for (PreparedStatement s : statements.values()) {
        s.close();
      }
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("closing the task store failed: " + e.getMessage(), e);
    }
  }
}
