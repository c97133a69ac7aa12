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

  /** A pipeline's schedule cannot be set as asked: what is wrong, and how to fix it. */
  public static final class ScheduleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String hint;

    ScheduleException(String message, String hint) {
      super(message);
      this.hint = hint;
    }

    /** How to fix it, or {@code null}. */
    public String hint() {
      return hint;
    }
  }

  /**
   * {@code pipeline} on the schedule of {@code cron} (else its own expression) in {@code zone} (UTC
   * when not given), as {@code weft schedules add --cron --zone} sets it; the pipeline as it is
   * when neither is given.
   *
   * @throws ScheduleException when a zone is given without any expression, or either is invalid
   */
  public static Pipeline withSchedule(Pipeline pipeline, String cron, String zone) {
    if (cron == null && zone == null) {
      return pipeline;
    }
    Schedule given = pipeline.schedule();
    String expression = cron != null ? cron : given == null ? null : given.cron();
    if (expression == null) {
      throw new ScheduleException(
          "a zone needs a cron expression: the pipeline has no schedule of its own", null);
    }
    String zoneName = zone != null ? zone : "UTC";
    try {
      Schedule.checkZone(zoneName);
    } catch (IllegalArgumentException e) {
      throw new ScheduleException(e.getMessage(), Schedule.zoneHint(zoneName));
    }
    try {
      return pipeline.withSchedule(new Schedule(expression, zoneName));
    } catch (IllegalArgumentException e) {
      throw new ScheduleException(e.getMessage(), Schedule.HINT);
    }
  }

  /**
   * When a run given {@code at} may start: an instant ({@code 2026-12-01T09:00:00Z}) or a delay
   * from {@code now} ({@code 10m}); {@code now} when {@code at} is null. Empty when it is neither.
   */
  public static Optional<Instant> startTime(String at, Instant now) {
    if (at == null) {
      return Optional.of(now);
    }
    Optional<java.time.Duration> delay = dev.weft.core.Durations.parse(at);
    if (delay.isPresent()) {
      return Optional.of(now.plus(delay.get()));
    }
    try {
      return Optional.of(Instant.parse(at));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
