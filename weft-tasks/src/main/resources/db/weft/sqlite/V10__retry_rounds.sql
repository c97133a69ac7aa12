-- 'weft runs retry' gives a failed task a new round of its retry rule: the rule counts the attempts
-- after the first round_start ones, and its max-time runs from round_started_at.
ALTER TABLE tasks ADD COLUMN round_start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN round_started_at INTEGER;
UPDATE tasks SET round_started_at = started_at;
