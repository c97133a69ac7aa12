package dev.weft.tasks.store;

import dev.weft.core.Schedule;
import java.time.Instant;

/**
 * A pipeline registered to run by itself.
 *
 * @param name unique; registering the same name again replaces it
 * @param schedule when it fires
 * @param pipelineJson the pipeline each firing runs, parameters resolved
 * @param nextFireAt when it fires next, or {@code null} if never again
 * @param lastFireAt when it last fired, or {@code null}
 * @param lastRunId the run it last started, or {@code null}
 */
public record ScheduleRecord(
    String name,
    Schedule schedule,
    String pipelineJson,
    Instant nextFireAt,
    Instant lastFireAt,
    Long lastRunId) {}
