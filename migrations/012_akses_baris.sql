-- Access over time, one Sepakat account at a time (issue 13). Each account (akses_akun) keeps its own end,
-- its own warning and expiry, and may be extended, revoked or handed to a new operator on its own; the
-- permohonan stays "akses_diberikan" while any of its rows is in force. A row may now have several accounts
-- over time (an operator replaced), but never two live ones.

ALTER TABLE akses_akun DROP CONSTRAINT akses_akun_row_id_key;
ALTER TABLE akses_akun DROP CONSTRAINT akses_akun_state_check;
ALTER TABLE akses_akun ADD CONSTRAINT akses_akun_state_check
    CHECK (state IN ('disiapkan', 'aktif', 'gagal', 'berakhir', 'dicabut', 'diganti'));

ALTER TABLE akses_akun
    -- Bumped at every change of the account's end or state that schedules Sepakat work: a job of an older
    -- version does nothing. Jobs enqueued before this migration carry none and keep the permohonan's version.
    ADD COLUMN versi           integer NOT NULL DEFAULT 1 CHECK (versi > 0),
    ADD COLUMN warned_for      date, -- the end whose 30-day warning was sent for this account alone
    ADD COLUMN ended_at        timestamptz,
    ADD COLUMN end_reason      text CHECK (end_reason IN ('kedaluwarsa', 'enam_bulan', 'dicabut', 'diganti')),
    ADD COLUMN cabut_reason    text,
    -- The account of the operator this one replaced (Penggantian Operator, §3.2.5 c.1 f).
    ADD COLUMN menggantikan_id bigint REFERENCES akses_akun (id);

-- Accounts that ended before this migration get the end of their permohonan.
UPDATE akses_akun a SET ended_at = coalesce(p.ended_at, a.updated_at),
        end_reason = CASE WHEN a.state = 'dicabut' THEN 'dicabut' ELSE coalesce(p.end_reason, 'kedaluwarsa') END,
        cabut_reason = CASE WHEN a.state = 'dicabut' THEN p.cabut_reason END
    FROM permohonan p WHERE p.id = a.permohonan_id AND a.state IN ('berakhir', 'dicabut');
UPDATE akses_akun SET end_reason = 'kedaluwarsa' WHERE state = 'berakhir' AND end_reason = 'dicabut';

ALTER TABLE akses_akun
    ADD CONSTRAINT akses_akun_ended CHECK ((state IN ('berakhir', 'dicabut', 'diganti')) = (ended_at IS NOT NULL)),
    ADD CONSTRAINT akses_akun_end_reason CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
    ADD CONSTRAINT akses_akun_diganti CHECK ((state = 'diganti') = (end_reason IS NOT DISTINCT FROM 'diganti')),
    ADD CONSTRAINT akses_akun_cabut_reason CHECK (cabut_reason IS NULL OR end_reason = 'dicabut');

-- Never two live accounts for one row: the database holds it whatever the code does.
CREATE UNIQUE INDEX akses_akun_one_live ON akses_akun (row_id) WHERE state IN ('disiapkan', 'aktif', 'gagal');
CREATE INDEX akses_akun_row_idx ON akses_akun (row_id, id);

-- A Fasilitas row's end: the permohonan's end when access was given, moved by a Perpanjangan of the whole
-- permohonan. (Fasilitas rows are one-off visits; they have no account to close.)
ALTER TABLE akses_fasilitas ADD COLUMN berlaku_sampai date;
UPDATE akses_fasilitas f SET berlaku_sampai = p.akses_berakhir FROM permohonan p WHERE p.id = f.permohonan_id;
