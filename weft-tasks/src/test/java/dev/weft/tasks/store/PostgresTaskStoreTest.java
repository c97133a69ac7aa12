package dev.weft.tasks.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.postgres.PostgresTaskStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store contract on PostgreSQL, and what only PostgreSQL does. */
@PostgresTest
class PostgresTaskStoreTest extends TaskStoreContract {

  @Override
  StoreFixture.Kind kind() {
    return StoreFixture.Kind.POSTGRESQL;
  }

  @Test
  void oneWorkerAtATimeTakesOverLostWorkersTasks() throws Exception {
    long run = store.createRun(diamond(), T0);
    store.claim("gone", run, 2, T0, T0.plusSeconds(1));
    try (Connection reaper = DriverManager.getConnection(database.location());
        PreparedStatement lock =
            reaper.prepareStatement("SELECT pg_advisory_lock(?, hashtext(current_schema()))")) {
      lock.setInt(1, PostgresTaskStore.REAPER_LOCK);
      lock.executeQuery().close();

      assertThat(store.recoverAbandoned(T0.plusSeconds(5), List.of()))
          .as("another reaper is at it")
          .isZero();

      try (PreparedStatement unlock =
          reaper.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(current_schema()))")) {
        unlock.setInt(1, PostgresTaskStore.REAPER_LOCK);
        unlock.executeQuery().close();
      }
    }
    assertThat(store.recoverAbandoned(T0.plusSeconds(5), List.of())).isEqualTo(2);
  }
}
