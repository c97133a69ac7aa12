-- Keys checked where tasks are claimed: at most one running task holds an exclusive key, at most
-- the limiter's capacity hold a limiter key, across every run in the store.
ALTER TABLE tasks ADD COLUMN exclusive_key TEXT;
ALTER TABLE tasks ADD COLUMN limit_key TEXT;
