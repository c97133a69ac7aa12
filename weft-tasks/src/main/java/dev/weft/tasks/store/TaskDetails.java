package dev.weft.tasks.store;

/**
 * What a task created through the task API keeps beyond Weft's own fields, as the client gave it.
 * Weft runs the task from its node in the run's pipeline; these are kept to be shown back.
 *
 * @param name the task's name, or {@code null}
 * @param inputsJson its inputs as JSON, or {@code null}
 * @param paramsJson its executor parameters as JSON, or {@code null}
 * @param schemasJson its schemas as JSON, or {@code null}
 */
public record TaskDetails(String name, String inputsJson, String paramsJson, String schemasJson) {}
