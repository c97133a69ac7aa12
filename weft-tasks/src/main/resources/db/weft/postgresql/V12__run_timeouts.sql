-- A run's run-timeout on its root row (see db/weft/sqlite/V21__run_timeouts.sql).
ALTER TABLE tasks ADD COLUMN run_timeout_ms BIGINT;
UPDATE tasks SET run_timeout_ms = -1
 WHERE parent_id IS NULL AND status IN ('pending', 'ready', 'running')
   AND id IN (SELECT run_id FROM run_pipelines WHERE pipeline LIKE '%runTimeout%');
