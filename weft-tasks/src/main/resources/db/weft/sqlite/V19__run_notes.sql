-- What a front end keeps with a run that Weft itself does not read: each note a JSON text under a
-- name (e.g. 'a2a': the A2A contextId and the message that started the run).
CREATE TABLE run_notes (
  run_id BIGINT NOT NULL,
  name   TEXT   NOT NULL,
  value  TEXT   NOT NULL,
  PRIMARY KEY (run_id, name)
);
