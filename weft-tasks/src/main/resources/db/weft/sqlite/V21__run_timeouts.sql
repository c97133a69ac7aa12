-- A run's run-timeout in milliseconds, on its root row, so the runs that ran out are found by one
-- query instead of by reading every active run's pipeline. NULL: none. Runs stored before this
-- column whose pipeline may name one get -1: their pipeline is read, as before.
ALTER TABLE tasks ADD COLUMN run_timeout_ms INTEGER;
UPDATE tasks SET run_timeout_ms = -1
 WHERE parent_id IS NULL AND status IN ('pending', 'ready', 'running')
   AND id IN (SELECT run_id FROM run_pipelines WHERE pipeline LIKE '%runTimeout%');
