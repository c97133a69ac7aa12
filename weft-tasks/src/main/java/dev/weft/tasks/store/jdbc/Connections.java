package dev.weft.tasks.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/** Where a store's transactions get their connection. */
interface Connections {

  /** A connection for one transaction, held until {@link #release}. */
  Session open() throws SQLException;

  /** The transaction has ended. */
  void release(Session session) throws SQLException;

  /** The store is closed. */
  void close() throws SQLException;

  /** A connection of its own, outside any transaction, that the caller closes. */
  Connection dedicated() throws SQLException;

  /**
   * One connection shared by every transaction, one at a time, its statements prepared once: for
   * SQLite, where a second connection in the same process would only wait for the first's lock.
   */
  static Connections single(Connection connection) {
    Session session = new Session(connection);
    ReentrantLock lock = new ReentrantLock();
    return new Connections() {
      @Override
      public Session open() {
        lock.lock();
        return session;
      }

      @Override
      public void release(Session s) {
        lock.unlock();
      }

      @Override
      public Connection dedicated() throws SQLException {
        throw new SQLException("a SQLite store has one connection");
      }

      @Override
      public void close() throws SQLException {
        lock.lock();
        try {
          session.close();
        } finally {
          lock.unlock();
        }
      }
    };
  }

  /**
   * A connection from {@code pool} per transaction, its statements closed when it ends (the driver
   * keeps the server-side prepared statements per connection): for PostgreSQL, where transactions
   * of one process run side by side.
   */
  static Connections pooled(DataSource pool, AutoCloseable closePool) {
    return new Connections() {
      @Override
      public Session open() throws SQLException {
        return new Session(pool.getConnection());
      }

      @Override
      public void release(Session session) throws SQLException {
        session.close();
      }

      @Override
      public Connection dedicated() throws SQLException {
        return pool.getConnection();
      }

      @Override
      public void close() throws SQLException {
        try {
          closePool.close();
        } catch (SQLException e) {
          throw e;
        } catch (Exception e) {
          throw new SQLException(e.getMessage(), e);
        }
      }
    };
  }
}
