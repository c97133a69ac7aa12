-- Always-run tasks start however their dependencies ended; a continue-on-failure task's failure
-- lets its dependents run. A run counts such tolerated failures apart: it then ends
-- 'succeeded-with-failures'.
ALTER TABLE tasks ADD COLUMN always INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN continue_on_failure INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN tolerated INTEGER NOT NULL DEFAULT 0; -- root only
