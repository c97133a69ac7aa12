-- The last state a task saved (context.checkpoint): the attempt that saved it and when. Kept
-- across attempts, so one that takes over resumes from it.
ALTER TABLE tasks ADD COLUMN checkpoint TEXT;
ALTER TABLE tasks ADD COLUMN checkpoint_attempt INTEGER;
ALTER TABLE tasks ADD COLUMN checkpoint_at INTEGER;
