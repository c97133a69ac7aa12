-- Run notes (see db/weft/sqlite/V19__run_notes.sql).
CREATE TABLE run_notes (
  run_id BIGINT NOT NULL,
  name   TEXT   NOT NULL,
  value  TEXT   NOT NULL,
  PRIMARY KEY (run_id, name)
);
