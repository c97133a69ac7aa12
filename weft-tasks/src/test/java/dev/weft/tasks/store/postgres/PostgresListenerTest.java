package dev.weft.tasks.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.postgres.PostgresAvailable;
import dev.weft.tasks.postgres.PostgresTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
        s.execute("NOTIFY " + PostgresListener.CHANNEL);
        assertThat(wakeUps.tryAcquire(10, TimeUnit.SECONDS)).as("notification %d", i).isTrue();
      }
    }
  }
}
