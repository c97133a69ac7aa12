-- What 'weft workers list' shows of each worker: whether it is draining, its slots and how many
-- run, how long its leases last (a heartbeat older than that: lost), its version.
ALTER TABLE workers ADD COLUMN status TEXT NOT NULL DEFAULT 'active';  -- active, draining
ALTER TABLE workers ADD COLUMN concurrency INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workers ADD COLUMN running INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workers ADD COLUMN lease_ms BIGINT NOT NULL DEFAULT 30000;
ALTER TABLE workers ADD COLUMN version TEXT;
