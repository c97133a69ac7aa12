package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A worker whose machine's clock is off keeps the database's time once synced. */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class DatabaseClockTest {

  @Parameter StoreFixture.Kind kind;

  @TempDir Path dir;

  private StoreFixture database;
  private TaskStore store;

  @BeforeEach
  void open() {
    database = kind.create(dir);
    store = database.open();
  }

  @AfterEach
  void close() {
    store.close();
    database.close();
  }

  @org.junit.jupiter.api.Test
  void aClockSevenMinutesAheadReadsTheDatabasesTimeOnceSynced() {
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(7));
    DatabaseClock clock = new DatabaseClock(ahead);
    assertThat(Duration.between(store.databaseTime(), clock.instant()))
        .as("before syncing: the machine's time")
        .isGreaterThan(Duration.ofMinutes(6));

    long offset = clock.sync(store);

    assertThat(offset).isBetween(-7 * 60_000L - 2_000, -7 * 60_000L + 2_000);
    Instant database = store.databaseTime();
    assertThat(Duration.between(database, clock.instant()).abs()).isLessThan(Duration.ofSeconds(2));
    assertThat(clock.withZone(java.time.ZoneId.of("Europe/Paris")).millis())
        .isCloseTo(clock.millis(), org.assertj.core.data.Offset.offset(2_000L));
  }
}
