package dev.weft.tasks.store;

/**
 * A run's pipeline as it was stored with the run, and its trace.
 *
 * @param json the pipeline JSON ({@link WorkQueue#pipelineJson})
 * @param trace the trace the run belongs to ({@link WorkQueue#trace}), or {@code null}
 */
public record RunPipeline(String json, TraceContext trace) {}
