-- Named webhooks (see db/weft/sqlite/V18__named_webhooks.sql).
ALTER TABLE run_webhooks ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE run_webhooks ADD COLUMN format TEXT NOT NULL DEFAULT 'weft';
ALTER TABLE run_webhooks ADD COLUMN spec TEXT;
ALTER TABLE run_webhooks DROP CONSTRAINT run_webhooks_pkey;
ALTER TABLE run_webhooks ADD PRIMARY KEY (run_id, name);

ALTER TABLE webhook_deliveries ADD COLUMN hook TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_run_id_event_id_key;
ALTER TABLE webhook_deliveries ADD UNIQUE (run_id, event_id, hook);
DROP INDEX webhook_deliveries_run;
CREATE INDEX webhook_deliveries_run ON webhook_deliveries (run_id, hook, id)
  WHERE state = 'pending';
