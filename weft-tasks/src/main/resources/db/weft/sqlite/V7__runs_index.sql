-- Runs are the tasks without a parent: workers look for the active ones every second (run
-- timeouts), and 'weft runs list' lists them; neither should scan every task.
CREATE INDEX tasks_runs ON tasks (status, id) WHERE parent_id IS NULL;
