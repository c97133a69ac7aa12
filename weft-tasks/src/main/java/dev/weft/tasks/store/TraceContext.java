package dev.weft.tasks.store;

/**
 * The trace a run belongs to, kept with the run so that every worker that runs one of its tasks, in
 * whichever process, makes the attempt's span a child of the run's span. Values are W3C Trace
 * Context headers, so a worker that is not written in Java reads them as they are.
 *
 * @param traceparent the run span's own context, a W3C {@code traceparent} header ({@code
 *     00-TRACEID-SPANID-FLAGS}): the parent of the run's attempt spans
 * @param tracestate the W3C {@code tracestate} that goes with it, or {@code null}
 * @param parentSpanId the span the run's span is a child of (the caller's, in the same trace), or
 *     {@code null} when the run began its trace
 */
public record TraceContext(String traceparent, String tracestate, String parentSpanId) {

  public TraceContext {
    if (traceparent == null || traceparent.isBlank()) {
      throw new IllegalArgumentException("a trace context needs a traceparent");
    }
  }

  /** The trace id (32 hex digits) of {@link #traceparent}. */
  public String traceId() {
    String[] parts = traceparent.split("-");
    return parts.length > 1 ? parts[1] : "";
  }

  /** The run span's id (16 hex digits) of {@link #traceparent}. */
  public String spanId() {
    String[] parts = traceparent.split("-");
    return parts.length > 2 ? parts[2] : "";
  }
}
