package dev.weft.tasks.store.jdbc;

import dev.weft.tasks.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a store's code reaches its database: transactions, each on a connection of its own for its
 * whole length, and the statements prepared on it. Store code calls {@link #sql} inside {@link
 * #transaction} or {@link #read}; a transaction begun inside another on the same thread joins it. A
 * transaction the database aborted to break a deadlock, or as a serialization failure, is run again
 * from its start (nothing of it was kept).
 */
final class JdbcDb implements AutoCloseable {

  /** Work done inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  private static final int ATTEMPTS = 10;

  private final Dialect dialect;
  private final Connections connections;
  private final ThreadLocal<Session> current = new ThreadLocal<>();
  private EventLog events;

  JdbcDb(Dialect dialect, Connections connections) {
    this.dialect = dialect;
    this.connections = connections;
  }

  /** Where {@link #event} writes, just before each transaction commits. */
  void logEventsTo(EventLog log) {
    this.events = log;
  }

  /** Logs {@code event} when the current transaction commits (and not if it rolls back). */
  void event(EventLog.Pending event) {
    Session session = current.get();
    if (session == null) {
      throw new IllegalStateException("an event outside a transaction: " + event);
    }
    session.events().add(event);
  }

  Dialect dialect() {
    return dialect;
  }

  /** Listens for new work, over a connection of its own; see {@link Dialect#listen}. */
  AutoCloseable listen(Runnable listener) {
    return dialect.listen(connections::dedicated, listener);
  }

  /**
   * A write transaction. Its reads see what it wrote; on SQLite it holds the write lock from its
   * start, on PostgreSQL rows it updates are locked until it ends.
   */
  <T> T transaction(String what, Work<T> work) {
    return run(what, true, work);
  }

  /** A transaction that only reads. */
  <T> T read(String what, Work<T> work) {
    return run(what, false, work);
  }

  private <T> T run(String what, boolean write, Work<T> work) {
    if (current.get() != null) {
      try {
        return work.run(); // joins the transaction this thread is in
      } catch (SQLException e) {
        throw new StoreException(what + " failed: " + e.getMessage(), e);
      }
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return once(write, work);
      } catch (IllegalArgumentException e) {
        throw e; // a request the store refused, rolled back: the caller's message says why
      } catch (SQLException | RuntimeException e) {
        if (attempt < ATTEMPTS && dialect.retryable(e)) {
          continue;
        }
        String lost = lostConnection(e);
        throw new StoreException(
            what + " failed: " + (lost != null ? lost : e.getMessage()), e, lost != null);
      }
    }
  }

  /**
   * What went wrong when the connection to the database was lost (SQL state class 08, or the server
   * shutting down: 57P01 to 57P03), said shortly rather than as the statement it cut off; {@code
   * null} for any other failure.
   */
  private static String lostConnection(Exception e) {
    Deque<Throwable> look = new ArrayDeque<>(List.of(e));
    Set<Throwable> seen = new HashSet<>();
    while (!look.isEmpty()) {
      Throwable t = look.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof java.sql.SQLTransientConnectionException) {
        return "the database cannot be reached (" + t.getMessage() + ")"; // the pool waited
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
          return "the connection to the database was lost (SQL state " + state + ")";
        }
        if (sql.getNextException() != null) {
          look.add(sql.getNextException()); // a batch says why in the next exception
        }
      }
      if (t.getCause() != null) {
        look.add(t.getCause());
      }
    }
    return null;
  }

  private <T> T once(boolean write, Work<T> work) throws SQLException {
    Session session = connections.open();
    current.set(session);
    try {
      dialect.begin(session.connection(), write);
      T result;
      try {
        result = work.run();
        if (!session.events().isEmpty()) {
          events.write(session.events()); // last: PostgreSQL orders events under a lock till commit
        }
      } catch (SQLException | RuntimeException e) {
        rollback(session, e);
        throw e;
      }
      dialect.commit(session.connection());
      return result;
    } finally {
      current.remove();
      connections.release(session);
    }
  }

  private void rollback(Session session, Exception cause) {
    try {
      dialect.rollback(session.connection());
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  void execute(String statement) throws SQLException {
    sql(statement).execute();
  }

  /**
   * The statement for {@code text} on this transaction's connection, prepared once per connection
   * or transaction; the store closes it.
   */
  PreparedStatement sql(String text) throws SQLException {
    Session session = current.get();
    if (session == null) {
      throw new IllegalStateException("a statement outside a transaction: " + text);
    }
    return session.statement(text);
  }

  /** A statement of text that varies from call to call: not kept, the caller closes it. */
  PreparedStatement prepare(String text) throws SQLException {
    return current.get().connection().prepareStatement(text);
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
  public void close() {
    try {
      connections.close();
    } catch (SQLException e) {
      throw new StoreException("closing the task store failed: " + e.getMessage(), e);
    }
  }
}
