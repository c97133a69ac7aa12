package dev.weft.tasks;

import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TraceContext;
import java.util.Map;

/**
 * Where the engine reports runs and attempts as trace spans. {@link #NONE}, the default, records
 * nothing and costs next to nothing: the engine then reads and writes no trace context. {@code
 * dev.weft.tasks.tracing.OtelTracing} records OpenTelemetry spans and exports them over OTLP.
 *
 * <p>A run's trace context is made when the run is submitted and kept with the run in the store
 * ({@link dev.weft.tasks.store.RunPlan#trace}), so an attempt's span is a child of the run's span
 * in whichever process the attempt runs. The run's span itself is recorded when the run ends, by
 * the process that sees it end, with the run's real start and end times: a run may outlive the
 * process that submitted it, and a span can only be sent once it has ended.
 */
public interface Tracing extends AutoCloseable {

  /** Records nothing. */
  Tracing NONE = new Tracing() {};

  /** Whether spans are recorded. */
  default boolean enabled() {
    return false;
  }

  /**
   * The trace context of a new run: its span a child of the caller's when {@code traceparent} is a
   * valid W3C header (with {@code tracestate}, which may be {@code null}), otherwise the root of a
   * new trace. {@code null} when tracing is off.
   */
  default TraceContext newRun(String traceparent, String tracestate) {
    return null;
  }

  /**
   * Starts the span of an attempt of {@code task} by worker {@code workerId}, a child of the span
   * of {@code run} (its own trace when {@code run} is {@code null}), on the thread that runs the
   * attempt; {@link AttemptSpan#end} ends it on the same thread.
   */
  default AttemptSpan attempt(TraceContext run, ClaimedTask task, String workerId) {
    return AttemptSpan.NONE;
  }

  /** Records the span of {@code run}, which ended, in its trace {@code context}. */
  default void runEnded(TraceContext context, TaskRecord run) {}

  /** Sends the spans recorded and not sent yet, waiting a few seconds at most. */
  default void flush() {}

  /** Sends what is left and stops. */
  @Override
  default void close() {}

  /** The span of one attempt, open while the attempt runs. */
  interface AttemptSpan {

    /** A span that records nothing. */
    AttemptSpan NONE = new AttemptSpan() {};

    /**
     * The W3C headers ({@code traceparent}, {@code tracestate}) that carry this span's context to a
     * service the attempt calls; empty when not traced.
     */
    default Map<String, String> headers() {
      return Map.of();
    }

    /**
     * Ends the span with the attempt's {@code outcome} (succeeded, failed, retry, skipped, cached);
     * a non-null {@code error} marks it failed, with that message.
     */
    default void end(String outcome, String error) {}
  }
}
