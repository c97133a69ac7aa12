-- Worker labels and task routing (require/prefer). Labels are kept canonical: sorted, joined by
-- commas, so a claim matches a task's requirement with one IN over the subsets of its labels.
-- ready_at: since when a task is ready (set when its last dependency ends), which is what
-- prefer_wait_ms counts from.
ALTER TABLE tasks ADD COLUMN require_labels TEXT;
ALTER TABLE tasks ADD COLUMN prefer_labels TEXT;
ALTER TABLE tasks ADD COLUMN prefer_wait_ms BIGINT;
ALTER TABLE tasks ADD COLUMN ready_at BIGINT;
ALTER TABLE workers ADD COLUMN labels TEXT;
