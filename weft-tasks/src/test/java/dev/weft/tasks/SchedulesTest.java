package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Pipeline;
import dev.weft.core.Schedule;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.NoopType;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Cron schedules through the engine, on a clock moved by hand. */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class SchedulesTest {

  @Parameter StoreFixture.Kind kind;
  private StoreFixture database;

  static final Instant START = Instant.parse("2026-11-23T10:03:00Z");

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(START);
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

  private TaskEngine engine() {
    return new TaskEngine(
        store, NodeTypes.of(new NoopType()), EngineOptions.defaults().withClock(clock));
  }

  private static Pipeline everyFiveMinutes() {
    return Pipeline.builder("often")
        .schedule(Schedule.utc("*/5 * * * *"))
        .node("a", "noop")
        .build();
  }

  @Test
  void aScheduleFiresAtItsTimesAndNeverTwiceForOneTimeAcrossRestarts() throws Exception {
    try (TaskEngine engine = engine()) {
      assertThat(Schedules.register(store, "often", everyFiveMinutes(), clock.instant()))
          .contains(Instant.parse("2026-11-23T10:05:00Z"));
      assertThat(engine.fireDueSchedules(RunListener.NONE)).isEmpty();

      clock.set(Instant.parse("2026-11-23T10:05:00Z"));
      long first = engine.fireDueSchedules(RunListener.NONE).getFirst();
      assertThat(engine.fireDueSchedules(RunListener.NONE)).isEmpty();
      assertThat(engine.run(first, RunListener.NONE).status()).isEqualTo(TaskStatus.SUCCEEDED);
    }
    // A restarted worker at the same moment finds nothing to fire.
    try (TaskEngine restarted = engine()) {
      assertThat(restarted.fireDueSchedules(RunListener.NONE)).isEmpty();
    }
    assertThat(store.runs(10)).hasSize(1);
  }

  @Test
  void timesMissedWhileNoWorkerRanFireOnceThenTheExpressionResumes() {
    Schedules.register(store, "often", everyFiveMinutes(), clock.instant());
    clock.set(Instant.parse("2026-11-23T10:21:30Z")); // 10:05, 10:10, 10:15 and 10:20 passed
    try (TaskEngine engine = engine()) {
      assertThat(engine.fireDueSchedules(RunListener.NONE)).hasSize(1);
      assertThat(engine.fireDueSchedules(RunListener.NONE)).isEmpty();
    }
    assertThat(store.schedules().getFirst().nextFireAt())
        .isEqualTo(Instant.parse("2026-11-23T10:25:00Z"));
  }

  @Test
  void aWorkerFiresDueSchedulesAndRunsWhatTheyStart() throws Exception {
    try (TaskEngine engine = engine()) {
      Schedules.register(store, "often", everyFiveMinutes(), clock.instant());
      clock.set(Instant.parse("2026-11-23T10:05:00Z"));
      engine.work(RunListener.NONE, true);
    }
    assertThat(store.runs(10))
        .singleElement()
        .extracting(TaskRecord::status)
        .isEqualTo(TaskStatus.SUCCEEDED);
  }
}
