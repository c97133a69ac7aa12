package dev.weft.tasks.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.tasks.postgres.PostgresAvailable;
import dev.weft.tasks.postgres.PostgresTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The listener's connection, as a worker waiting for work uses it. */
@PostgresTest
class PostgresListenerTest {

  /**
   * The driver's look for more notifications after each one (a read with a 1 ms timeout that every
   * idle worker's wake-up waited for) is turned off on the listening connection. Fails when a new
   * version of the driver no longer has what {@link PostgresListener#noLookAhead} changes.
   */
  @Test
  void theDriverDoesNotLookAheadAfterANotification() throws Exception {
    try (Connection c = DriverManager.getConnection(PostgresAvailable.URL)) {
      assertThat(PostgresListener.noLookAhead(c)).isTrue();
    }
  }

  /** With it turned off, each notification still wakes the listener as it comes. */
  @Test
  void eachNotificationWakesTheListener() throws Exception {
    Semaphore wakeUps = new Semaphore(0);
    try (PostgresListener listener =
            new PostgresListener(
                () -> DriverManager.getConnection(PostgresAvailable.URL), wakeUps::release);
        Connection notifier = DriverManager.getConnection(PostgresAvailable.URL);
        Statement s = notifier.createStatement()) {
      listener.start();
      assertThat(wakeUps.tryAcquire(10, TimeUnit.SECONDS)).as("listening").isTrue();
      for (int i = 0; i < 3; i++) {
        s.execute("SELECT pg_notify(" + PostgresListener.CHANNEL + ", '')");
        assertThat(wakeUps.tryAcquire(10, TimeUnit.SECONDS)).as("notification %d", i).isTrue();
      }
    }
  }

  /**
   * With four listeners on one store, a notification wakes at once only the listener it picks: one
   * never picked is not woken (its later wake-up is an hour away here) until a notification picks
   * it. Fails when every notification wakes every listener.
   */
  @Test
  void aNotificationWakesOnlyTheListenerItPicksAtOnce() throws Exception {
    try (Schema schema = new Schema()) {
      // In order of their backends' pids: notification n picks the (n mod 4)th.
      List<AtomicInteger> wakeUps = schema.listeners(4, Duration.ofHours(1));
      int[] before = wakeUps.stream().mapToInt(AtomicInteger::get).toArray();
      for (int ticket = 0; ticket < 4; ticket++) {
        schema.notifyWith(ticket);
        AtomicInteger picked = wakeUps.get(ticket);
        int was = before[ticket];
        await().until(() -> picked.get() > was);
      }
      // Delivered in order: the last listener had seen all four notifications, one its own.
      assertThat(wakeUps.get(3).get() - before[3]).isEqualTo(1);
    }
  }

  /** The listeners a notification does not pick are woken too, a stagger later. */
  @Test
  void theListenersNotPickedWakeLater() throws Exception {
    try (Schema schema = new Schema()) {
      List<AtomicInteger> wakeUps = schema.listeners(3, Duration.ofMillis(20));
      int[] before = wakeUps.stream().mapToInt(AtomicInteger::get).toArray();
      schema.notifyWith(7);
      for (int i = 0; i < wakeUps.size(); i++) {
        AtomicInteger woken = wakeUps.get(i);
        int was = before[i];
        await().until(() -> woken.get() > was);
      }
    }
  }

  /** A schema of its own, so listeners of other tests' stores are on another channel. */
  private static final class Schema implements AutoCloseable {
    private final String name = "listen_" + Long.toHexString(System.nanoTime());
    private final Connection admin = DriverManager.getConnection(PostgresAvailable.URL);
    private final List<PostgresListener> listeners = new ArrayList<>();

    Schema() throws SQLException {
      try (Statement s = admin.createStatement()) {
        s.execute("CREATE SCHEMA " + name);
        s.execute("SET search_path TO " + name);
      }
    }

    /**
     * Starts {@code count} listeners whose later wake-ups come {@code stagger} after a
     * notification, waits until each knows of all, and returns how often each was woken, in order
     * of their backends' pids.
     */
    List<AtomicInteger> listeners(int count, Duration stagger) {
      Map<PostgresListener, AtomicInteger> wakeUps = new HashMap<>();
      for (int i = 0; i < count; i++) {
        AtomicInteger woken = new AtomicInteger();
        PostgresListener listener =
            new PostgresListener(this::connect, woken::incrementAndGet, stagger);
        listeners.add(listener);
        wakeUps.put(listener, woken);
        listener.start();
      }
      await().until(() -> listeners.stream().allMatch(l -> l.listenersKnown() == count));
      return listeners.stream()
          .sorted(Comparator.comparingInt(PostgresListener::backendPid))
          .map(wakeUps::get)
          .toList();
    }

    Connection connect() throws SQLException {
      return DriverManager.getConnection(PostgresAvailable.URL + "&currentSchema=" + name);
    }

    void notifyWith(long ticket) throws SQLException {
      try (Statement s = admin.createStatement()) {
        s.execute("SELECT pg_notify(" + PostgresListener.CHANNEL + ", '" + ticket + "')");
      }
    }

    @Override
    public void close() throws SQLException {
      listeners.forEach(PostgresListener::close);
      try (Statement s = admin.createStatement()) {
        s.execute("DROP SCHEMA " + name + " CASCADE");
      }
      admin.close();
    }
  }
}
