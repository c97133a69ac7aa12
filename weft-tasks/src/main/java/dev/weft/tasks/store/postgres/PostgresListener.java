package dev.weft.tasks.store.postgres;

import dev.weft.tasks.store.jdbc.Dialect.ConnectionSource;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on one connection of its own for the store's "new work" notifications and calls its
 * listener when one is this worker's to act on: at once for the notifications {@link WakeOrder}
 * gives it, {@link #STAGGER} later for the others. A lost connection is opened again after a pause
 * (meanwhile workers fall back on polling), and the listener is called once on every
 * (re)connection, since work may have come while nobody listened.
 */
final class PostgresListener extends Thread implements AutoCloseable {

  /**
   * The channel of the store in the connection's schema, as an expression: stores in two schemas of
   * one database do not wake each other's workers.
   */
  static final String CHANNEL = "'weft_work_' || hashtext(current_schema())";

  /** How long the listeners a notification does not pick first wait before claiming. */
  static final Duration STAGGER = Duration.ofMillis(5);

  /** How often a listener looks up who else listens on its channel. */
  private static final long LOOK_NANOS = Duration.ofSeconds(2).toNanos();

  private static final int MAX_WAIT_MILLIS = 500;

  private final ConnectionSource connections;
  private final Runnable listener;
  private final long staggerNanos;
  private volatile boolean closed;
  private volatile WakeOrder order;

  PostgresListener(ConnectionSource connections, Runnable listener) {
    this(connections, listener, STAGGER);
  }

  /** A listener whose later wake-ups come {@code stagger} after the notification. */
  PostgresListener(ConnectionSource connections, Runnable listener, Duration stagger) {
    super("weft-listen");
    setDaemon(true);
    this.connections = connections;
    this.listener = listener;
    this.staggerNanos = stagger.toNanos();
  }

  @Override
  public void run() {
    while (!closed) {
      try (Connection c = connections.connection()) {
        listenOn(c);
      } catch (SQLException e) {
        pause();
      }
    }
  }

  private void listenOn(Connection c) throws SQLException {
    c.setAutoCommit(true); // LISTEN inside a transaction would wait for its commit
    String channel = channel(c);
    // Names the connection for the other listeners' look (and for whoever reads pg_stat_activity).
    String name = "weft listener " + channel;
    execute(c, "SET application_name TO '" + name + "'");
    execute(c, "LISTEN \"" + channel + "\"");
    PGConnection pg = c.unwrap(PGConnection.class);
    noLookAhead(c);
    order = WakeOrder.alone(pg.getBackendPID());
    long nextLook = System.nanoTime();
    boolean later = false; // a wake-up is due at laterAt
    long laterAt = 0;
    listener.run();
    while (!closed) {
      if (System.nanoTime() - nextLook >= 0) {
        order = order.among(listeners(c, name));
        nextLook = System.nanoTime() + LOOK_NANOS;
      }
      PGNotification[] got = pg.getNotifications(waitMillis(later, laterAt));
      boolean first = false;
      for (int i = 0; got != null && i < got.length; i++) {
        if (order.first(got[i].getParameter())) {
          first = true;
        } else if (!later) {
          later = true;
          laterAt = System.nanoTime() + staggerNanos;
        }
      }
      if (first) {
        listener.run();
      }
      if (later && System.nanoTime() - laterAt >= 0) {
        later = false;
        listener.run();
      }
    }
    // Back to the pool as it came: a connection still listening would gather notifications.
    execute(c, "UNLISTEN *");
    execute(c, "RESET application_name");
  }

  /** The listeners on this one's channel that it knows of, itself included; 0 before it listens. */
  int listenersKnown() {
    WakeOrder known = order;
    return known == null ? 0 : known.listeners();
  }

  /** The pid of the backend this listener listens through; 0 before it listens. */
  int backendPid() {
    WakeOrder known = order;
    return known == null ? 0 : known.pid();
  }

  private static int waitMillis(boolean later, long laterAt) {
    if (!later) {
      return MAX_WAIT_MILLIS;
    }
    long millis = Math.ceilDiv(laterAt - System.nanoTime(), 1_000_000L);
    return Math.clamp(millis, 1, MAX_WAIT_MILLIS); // 0 would wait for ever
  }

  private static String channel(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT " + CHANNEL)) {
      r.next();
      return r.getString(1);
    }
  }

  /**
   * The backends listening on the channel, found by the name their listeners give their
   * connections: a column pg_stat_activity shows of every user's sessions.
   */
  private static int[] listeners(Connection c, String name) throws SQLException {
    try (PreparedStatement look =
        c.prepareStatement(
            "SELECT coalesce(array_agg(pid), '{}') FROM pg_stat_activity"
                + " WHERE datname = current_database() AND application_name = ?")) {
      look.setString(1, name);
      try (ResultSet r = look.executeQuery()) {
        r.next();
        Integer[] got = (Integer[]) r.getArray(1).getArray();
        int[] pids = new int[got.length];
        for (int i = 0; i < got.length; i++) {
          pids[i] = got[i];
        }
        return pids;
      }
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
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
