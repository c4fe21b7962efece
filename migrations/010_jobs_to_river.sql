-- Background work now runs on river (009, internal/jobs). What the hand-written queue still had to do is
-- handed over before its table goes, so a deploy loses neither a scheduled expiry nor an email.

-- Tahap 4–6 jobs keep their kind and args (the typed args of store/jobs.go use the same JSON names), so a job
-- half-done before the deploy calls Sepakat again with the same idempotency key. A run that held a lease is
-- simply due again; a stopped job ('failed', waiting for "Coba Lagi") becomes a cancelled river job, which
-- RetryAccount retries.
INSERT INTO river_job (state, attempt, max_attempts, scheduled_at, created_at, finalized_at, args, kind, queue, errors)
SELECT CASE
        WHEN state = 'failed' THEN 'cancelled'
        WHEN run_at > now() AND state = 'available' THEN 'scheduled'
        ELSE 'available'
    END::river_job_state,
    attempt, greatest(max_attempts, attempt + 1), run_at, created_at,
    CASE WHEN state = 'failed' THEN coalesce(finalized_at, now()) END,
    args, kind, 'default',
    CASE WHEN last_error IS NOT NULL
        THEN ARRAY[jsonb_build_object('at', now(), 'attempt', attempt, 'error', last_error, 'trace', '')] END
FROM jobs
WHERE state IN ('available', 'running', 'failed');

-- Every email still waiting gets its delivery job, on the queue of mail, due when its next attempt was.
INSERT INTO river_job (state, attempt, max_attempts, scheduled_at, args, kind, queue)
SELECT CASE WHEN next_attempt_at > now() THEN 'scheduled' ELSE 'available' END::river_job_state,
    attempts, greatest(10, attempts + 1), next_attempt_at, jsonb_build_object('outbox_id', id), 'kirim_surel', 'surel'
FROM outbox
WHERE state = 'pending';

DROP TABLE jobs;

-- River schedules the retries of a delivery now; the outbox keeps what the mailbox page and staff read.
DROP INDEX outbox_due_idx;
ALTER TABLE outbox DROP COLUMN next_attempt_at;
