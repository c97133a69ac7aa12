-- What the task API keeps of a task beyond Weft's own fields (name, inputs, params, schemas as the
-- client gave them); rows only for tasks created through it.
CREATE TABLE task_details (
  task_id BIGINT PRIMARY KEY,
  name    TEXT,
  inputs  TEXT,
  params  TEXT,
  schemas TEXT
);
