-- The staff's daily digest (issue 15 item 6): each staff member may turn it off, and the digest job records
-- when it last wrote one, so each person gets at most one a day however many instances run the job.
ALTER TABLE staff
    ADD COLUMN ringkasan_harian boolean NOT NULL DEFAULT true,
    ADD COLUMN ringkasan_at     timestamptz;
