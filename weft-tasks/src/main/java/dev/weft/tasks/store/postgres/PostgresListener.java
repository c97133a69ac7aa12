package dev.weft.tasks.store.postgres;

import dev.weft.tasks.store.jdbc.Dialect.ConnectionSource;
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
