-- Sessions indexed by the person signed in (issue 14 item 5), so a password change or reset ends the
-- person's other sessions at once. The session store (store/sessions.go) writes the owner with each commit;
-- sessions keep only a SHA-256 of their token, so the table holds no usable cookie.
ALTER TABLE sessions
    ADD COLUMN user_kind text CHECK (user_kind IN ('registrator', 'staf')),
    ADD COLUMN user_id   bigint,
    ADD CONSTRAINT sessions_owner CHECK ((user_kind IS NULL) = (user_id IS NULL));
CREATE INDEX sessions_owner_idx ON sessions (user_kind, user_id) WHERE user_kind IS NOT NULL;
-- Tokens were stored in clear until now: those sessions end (everyone signs in again once).
DELETE FROM sessions;

-- A counter per person, bumped when their password changes; a session signed in under an older value is
-- signed out on its next request, even one that was being written back while the change committed.
ALTER TABLE pejabat ADD COLUMN sesi_versi integer NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN sesi_versi integer NOT NULL DEFAULT 0;
