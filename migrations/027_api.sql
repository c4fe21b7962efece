-- The machine API (/api/v1, internal/api): keys for systems such as Sepakat, stored only as HMACs of the
-- token (keyed by SESSION_SECRET), with the scopes they may read, an optional instansi they are limited to, a
-- limit per minute, and their state (api.KeyMachine: aktif, then dicabut for good).
CREATE TABLE api_kunci (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nama            text NOT NULL CHECK (length(nama) BETWEEN 3 AND 100),
    petunjuk        text NOT NULL, -- the token's first characters, to tell keys apart in lists
    token_hash      bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    cakupan         text[] NOT NULL CHECK (cardinality(cakupan) > 0 AND cakupan <@ ARRAY['hak_akses', 'permohonan', 'perubahan']::text[]),
    akun_id         bigint REFERENCES akun (id), -- a K/L or Pemda system sees its own instansi only; NULL sees all (Sepakat)
    batas_per_menit integer NOT NULL CHECK (batas_per_menit BETWEEN 1 AND 6000),
    state           text NOT NULL DEFAULT 'aktif' CHECK (state IN ('aktif', 'dicabut')),
    dibuat_by       bigint NOT NULL REFERENCES staff (id),
    dibuat_at       timestamptz NOT NULL,
    dicabut_by      bigint REFERENCES staff (id),
    dicabut_at      timestamptz,
    dicabut_alasan  text,
    dipakai_at      timestamptz,
    CHECK ((state = 'dicabut') = (dicabut_at IS NOT NULL AND dicabut_by IS NOT NULL AND dicabut_alasan IS NOT NULL))
);

-- Every call made with a key is audited, with the key as its actor.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_kind_check CHECK (actor_kind IN ('publik', 'registrator', 'staf', 'sistem', 'api'));
