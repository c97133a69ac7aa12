package dev.weft.tasks.tracing;

import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.function.Supplier;

/**
 * Random ids, except for a span started inside {@link #starting}: that one takes the ids given. A
 * run's span is started when the run ends, by whichever process sees the end, yet its id was given
 * out when the run was submitted (its attempts are its children): this is how it gets that id.
 */
final class PresetIds implements IdGenerator {

  private static final IdGenerator RANDOM = IdGenerator.random();

  /** The ids of the span now starting on this thread: {trace id, span id}, each used once. */
  private final ThreadLocal<String[]> preset = new ThreadLocal<>();

  /**
   * Runs {@code start}, which starts one span, giving it {@code spanId} (and {@code traceId} when
   * it has no parent to take its trace from).
   */
  <T> T starting(String traceId, String spanId, Supplier<T> start) {
    preset.set(new String[] {traceId, spanId});
    try {
      return start.get();
    } finally {
      preset.remove();
    }
  }

  @Override
  public String generateSpanId() {
    return take(1, RANDOM::generateSpanId);
  }

  @Override
  public String generateTraceId() {
    return take(0, RANDOM::generateTraceId);
  }

  private String take(int which, Supplier<String> otherwise) {
    String[] ids = preset.get();
    if (ids == null || ids[which] == null) {
      return otherwise.get();
    }
    String id = ids[which];
    ids[which] = null;
    return id;
  }
}
