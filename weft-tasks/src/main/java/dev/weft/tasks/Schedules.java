package dev.weft.tasks;

import dev.weft.core.Pipeline;
import dev.weft.core.Schedule;
import dev.weft.tasks.store.ScheduleRecord;
import dev.weft.tasks.store.TaskStore;
import java.time.Instant;
import java.util.Optional;

/**
 * Registers pipelines to run by themselves; the workers of the store ({@link TaskEngine#work}) fire
 * them.
 */
public final class Schedules {

  private Schedules() {}

  /**
   * Registers {@code pipeline} to run on its {@link Pipeline#schedule() schedule} under {@code
   * name}, replacing a schedule of that name. Returns when it fires first, or empty if its
   * expression never fires after {@code now}.
   *
   * @throws IllegalArgumentException when the pipeline has no schedule
   */
  public static Optional<Instant> register(
      TaskStore store, String name, Pipeline pipeline, Instant now) {
    Schedule schedule = pipeline.schedule();
    if (schedule == null) {
      throw new IllegalArgumentException("pipeline " + pipeline.name() + " has no schedule");
    }
    Optional<Instant> first = schedule.next(now);
    store.saveSchedule(
        new ScheduleRecord(
            name, schedule, Json.writePipeline(pipeline), first.orElse(null), null, null),
        now);
    return first;
  }
}
