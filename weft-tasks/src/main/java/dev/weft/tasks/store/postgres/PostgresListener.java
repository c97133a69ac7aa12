package dev.weft.tasks.store.postgres;

import dev.weft.tasks.store.jdbc.Dialect.ConnectionSource;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on one connection of its own for the store's "new work" notifications and calls its
 * listener for each batch of them. A lost connection is opened again after a pause (meanwhile
 * workers fall back on polling), and the listener is called once on every (re)connection, since
 * work may have come while nobody listened.
 */
final class PostgresListener extends Thread implements AutoCloseable {

  /** The channel the store notifies. */
  static final String CHANNEL = "weft_work";

  private final ConnectionSource connections;
  private final Runnable listener;
  private volatile boolean closed;

  PostgresListener(ConnectionSource connections, Runnable listener) {
    super("weft-listen");
    setDaemon(true);
    this.connections = connections;
    this.listener = listener;
  }

  @Override
  public void run() {
    while (!closed) {
      try (Connection c = connections.connection()) {
        c.setAutoCommit(true); // LISTEN inside a transaction would wait for its commit
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        noLookAhead(c);
        listener.run();
        while (!closed) {
          PGNotification[] got = pg.getNotifications(500);
          if (got != null && got.length > 0) {
            listener.run();
          }
        }
      } catch (SQLException e) {
        pause();
      }
    }
  }

  /**
   * PgJDBC, once it has read a notification, looks for more by reading again with a 1 ms timeout,
   * and on every later call whose look found nothing looks again: each wake-up of an idle worker
   * waited for that read (1.4 ms from the commit to the wake-up, against 0.5 ms without it,
   * measured here). This connection only listens, so its stream is told it has just looked and need
   * not again: notifications not yet read are read by the next call, which waits for them anyway.
   * With a driver whose internals differ, wake-ups are that millisecond slower, nothing else.
   * Returns whether the driver was told.
   */
  static boolean noLookAhead(Connection c) {
    // By name, as the driver's own classes would bring annotations the compiler cannot find.
    try {
      Object connection = c.unwrap(PGConnection.class);
      Object executor = connection.getClass().getMethod("getQueryExecutor").invoke(connection);
      Object stream = field(executor.getClass(), "pgStream").get(executor);
      field(stream.getClass(), "nextStreamAvailableCheckTime").setLong(stream, Long.MAX_VALUE);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | SQLException e) {
      return false; // another version of the driver: it keeps its look-ahead
    }
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    for (Class<?> t = type; t != null; t = t.getSuperclass()) {
      try {
        Field f = t.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        // declared higher up
      }
    }
    throw new NoSuchFieldException(name);
  }

  private void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    interrupt();
  }
}
