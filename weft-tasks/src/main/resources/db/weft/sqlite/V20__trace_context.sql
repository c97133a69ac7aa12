-- The trace a run belongs to, beside its pipeline, for every worker that runs its tasks: the run
-- span's W3C traceparent (the parent of each attempt's span), the tracestate that goes with it,
-- and the id of the span the run's span is a child of (the caller's, when the run joined a trace).
-- NULL when tracing was off where the run was submitted.
ALTER TABLE run_pipelines ADD COLUMN traceparent TEXT;
ALTER TABLE run_pipelines ADD COLUMN tracestate TEXT;
ALTER TABLE run_pipelines ADD COLUMN trace_parent_span TEXT;
