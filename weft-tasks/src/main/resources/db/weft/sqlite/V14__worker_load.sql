-- What 'weft workers list' shows besides: the task types a worker runs, and its process's CPU
-- share (0 to 1) and heap in use at its last heartbeat (-1: not measured).
ALTER TABLE workers ADD COLUMN types TEXT;
ALTER TABLE workers ADD COLUMN cpu REAL NOT NULL DEFAULT -1;
ALTER TABLE workers ADD COLUMN heap_bytes INTEGER NOT NULL DEFAULT -1;
