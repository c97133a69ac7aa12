package dev.weft.tasks;

import dev.weft.core.Node;
import dev.weft.tasks.store.Checkpoint;
import java.util.Map;
import java.util.Optional;

/**
 * What a task sees while it runs.
 *
 * @param runId the run
 * @param taskId the task
 * @param node the node being run, with its {@code with:} config
 * @param inputs the results of the dependencies that succeeded, by node id
 * @param attempt 1 for the first attempt, 2 for the first retry, and so on
 * @param params the run parameters
 * @param reporter where log lines and progress go
 * @param missing the dependencies whose results are not among the inputs: optional ones that failed
 *     or were skipped, and those of a continue-on-failure task that failed
 * @param traceHeaders the W3C Trace Context headers ({@code traceparent}, {@code tracestate}) of
 *     this attempt's span, for a task that calls another service to send along; empty when the
 *     engine does not trace
 */
public record TaskContext(
    long runId,
    long taskId,
    Node node,
    Map<String, Object> inputs,
    int attempt,
    Map<String, String> params,
    TaskReporter reporter,
    java.util.Set<String> missing,
    Map<String, String> traceHeaders) {

  public TaskContext {
    traceHeaders = traceHeaders == null ? Map.of() : Map.copyOf(traceHeaders);
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    params = Map.copyOf(params);
    reporter = reporter == null ? TaskReporter.NONE : reporter;
    missing = missing == null ? java.util.Set.of() : java.util.Set.copyOf(missing);
  }

  /** A context whose log lines and progress go nowhere: for testing an executor by itself. */
  public TaskContext(
      long runId,
      long taskId,
      Node node,
      Map<String, Object> inputs,
      int attempt,
      Map<String, String> params) {
    this(
        runId,
        taskId,
        node,
        inputs,
        attempt,
        params,
        TaskReporter.NONE,
        java.util.Set.of(),
        Map.of());
  }

  /** Logs a line with the current attempt ({@code weft tasks logs ID} shows it). */
  public void log(String message) {
    reporter.log(TaskReporter.Level.INFO, message);
  }

  /** Logs a warning with the current attempt. */
  public void warn(String message) {
    reporter.log(TaskReporter.Level.WARN, message);
  }

  /**
   * Reports progress, shown by {@code weft run} and {@code weft tasks show} while the task runs.
   *
   * @param fraction from 0 to 1
   * @param note what the task is doing, or {@code null}
   */
  public void progress(double fraction, String note) {
    reporter.progress(Math.clamp(fraction, 0.0, 1.0), note);
  }

  /**
   * Saves {@code state} (anything Jackson writes as JSON, at most {@link Checkpoint#MAX_CHARS}
   * characters) as this task's checkpoint, durably before returning. An attempt that takes over
   * after a crash, or a retry, reads it with {@link #lastCheckpoint}, so a long task resumes
   * instead of starting again. Returns {@code false} when this attempt no longer holds the task (it
   * was taken over): it should stop.
   *
   * @throws IllegalArgumentException when the state is too large
   */
  public boolean checkpoint(Object state) {
    String json = Json.write(state);
    if (json.length() > Checkpoint.MAX_CHARS) {
      throw new IllegalArgumentException(
          "a checkpoint holds at most "
              + Checkpoint.MAX_CHARS
              + " characters of JSON, this one has "
              + json.length()
              + ": keep a small state (e.g. how far the task got), not its data");
    }
    return reporter.checkpoint(json);
  }

  /** The last state an attempt of this task saved with {@link #checkpoint}, if any. */
  public <T> Optional<T> lastCheckpoint(Class<T> type) {
    return reporter.lastCheckpoint().map(json -> Json.read(json, type));
  }

  /**
   * The result of dependency {@code id} as an instance of {@code type} (read from its JSON with
   * Jackson), or empty when it has none: it failed or was skipped, or returned {@code null}.
   *
   * @throws IllegalArgumentException when the result does not fit {@code type}
   */
  public Optional<Object> input(String id, java.lang.reflect.Type type) {
    Object value = inputs.get(id);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.convert(value, type));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the result of '"
              + id
              + "' does not read as "
              + type.getTypeName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The config value {@code key}, or {@code fallback} when it is not set. */
  public Object config(String key, Object fallback) {
    Object value = node.with().get(key);
    return value == null ? fallback : value;
  }

  /**
   * Whether the task should stop: its thread was interrupted (the run is cancelled or the attempt
   * timed out). Long tasks check it, or let blocking calls throw {@link InterruptedException}.
   */
  public boolean cancelled() {
    return Thread.currentThread().isInterrupted();
  }
}
