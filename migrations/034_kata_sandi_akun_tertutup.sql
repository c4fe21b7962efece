-- A Sepakat account revoked or replaced is closed for good: its password (and a re-issued one waiting) has
-- no use left and is not kept (UU 27/2022). An account that ended by its period keeps it, as access closed
-- by the six-month rule re-opens with the same credentials.
ALTER TABLE akses_akun ALTER COLUMN password_enc DROP NOT NULL, ALTER COLUMN password_key_id DROP NOT NULL;
UPDATE akses_akun SET password_enc = NULL, password_key_id = NULL, password_baru_enc = NULL, password_baru_key_id = NULL
    WHERE state IN ('dicabut', 'diganti');
ALTER TABLE akses_akun
    ADD CHECK ((password_enc IS NULL) = (password_key_id IS NULL)),
    ADD CHECK (password_enc IS NOT NULL OR state IN ('dicabut', 'diganti'));
