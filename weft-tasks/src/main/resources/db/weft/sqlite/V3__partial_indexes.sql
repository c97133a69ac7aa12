-- Index only the rows each query looks for. A full index on status is rewritten on every status
-- change; partial ones change only when a task becomes ready, is claimed, or starts and stops
-- running, which halves the pages a finished task writes. The next due time of a run's ready
-- tasks is read from tasks_ready_in_run: workers look for it at most once a second.
DROP INDEX tasks_claim;
DROP INDEX tasks_status;
DROP INDEX tasks_due;
CREATE INDEX tasks_ready ON tasks (priority DESC, id) WHERE status = 'ready';
CREATE INDEX tasks_ready_in_run ON tasks (root_id, priority DESC, id) WHERE status = 'ready';
CREATE INDEX tasks_running ON tasks (lease_owner) WHERE status = 'running';
CREATE INDEX tasks_root ON tasks (root_id);
