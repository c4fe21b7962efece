-- Nothing personal left behind (issue 14 item 4).

-- An email keeps its kind (the letter that wrote it); in production its body is dropped once it is delivered
-- (links, OTP codes, names of Anonim reporters), keeping recipient, subject, kind, times and attempts. A
-- message waiting to go out keeps its body.
ALTER TABLE outbox
    ADD COLUMN kind text NOT NULL DEFAULT '',
    ALTER COLUMN body_text DROP NOT NULL,
    ALTER COLUMN body_html DROP NOT NULL,
    ADD CONSTRAINT outbox_body_both CHECK ((body_text IS NULL) = (body_html IS NULL)),
    ADD CONSTRAINT outbox_body_until_sent CHECK (state = 'sent' OR body_text IS NOT NULL);
CREATE INDEX outbox_retention_idx ON outbox (created_at) WHERE state IN ('sent', 'failed');

-- A document whose retention ended (a KTP scan RETENSI_KTP_HARI after the verifikator decided) loses its
-- content; the row stays, with when, so the official's record still says a KTP was checked.
ALTER TABLE documents ADD COLUMN purged_at timestamptz;

-- The retention job's look-ups.
CREATE INDEX registration_drafts_expires_idx ON registration_drafts (expires_at);
CREATE INDEX rate_limits_window_idx ON rate_limits (window_start);
CREATE INDEX captchas_expires_idx ON captchas (expires_at);
