-- The trace a run belongs to (see db/weft/sqlite/V20__trace_context.sql).
ALTER TABLE run_pipelines ADD COLUMN traceparent TEXT;
ALTER TABLE run_pipelines ADD COLUMN tracestate TEXT;
ALTER TABLE run_pipelines ADD COLUMN trace_parent_span TEXT;
