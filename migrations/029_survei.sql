-- Survei Kepuasan Masyarakat (PermenPANRB 14/2017, internal/survei). An invitation per finished service
-- (a permohonan refused or given access, a bimtek done, a pengaduan closed): answered once, by the registrator
-- of the account or the holder of its emailed link or of the report's tracking code. The answers are kept
-- apart and anonymous: no link to the invitation, the account, the service or the moment, only the service's
-- kind and the semester.
CREATE TABLE survei_undangan (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    layanan     text NOT NULL CHECK (layanan IN ('permohonan', 'bimtek', 'pengaduan')),
    subjek_id   bigint NOT NULL,
    akun_id     bigint REFERENCES akun (id), -- the account that may answer signed in (permohonan, bimtek)
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32), -- the emailed link, as an HMAC
    state       text NOT NULL DEFAULT 'terbuka' CHECK (state IN ('terbuka', 'dijawab')),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    UNIQUE (layanan, subjek_id)
);
CREATE INDEX survei_undangan_akun_idx ON survei_undangan (akun_id) WHERE state = 'terbuka';

CREATE TABLE survei_jawaban (
    id        uuid PRIMARY KEY DEFAULT gen_random_uuid(), -- random, so the order of answers tells nothing
    layanan   text NOT NULL CHECK (layanan IN ('permohonan', 'bimtek', 'pengaduan')),
    tahun     integer NOT NULL CHECK (tahun BETWEEN 2023 AND 2100),
    semester  integer NOT NULL CHECK (semester IN (1, 2)),
    u1 smallint NOT NULL CHECK (u1 BETWEEN 1 AND 4),
    u2 smallint NOT NULL CHECK (u2 BETWEEN 1 AND 4),
    u3 smallint NOT NULL CHECK (u3 BETWEEN 1 AND 4),
    u4 smallint NOT NULL CHECK (u4 BETWEEN 1 AND 4),
    u5 smallint NOT NULL CHECK (u5 BETWEEN 1 AND 4),
    u6 smallint NOT NULL CHECK (u6 BETWEEN 1 AND 4),
    u7 smallint NOT NULL CHECK (u7 BETWEEN 1 AND 4),
    u8 smallint NOT NULL CHECK (u8 BETWEEN 1 AND 4),
    u9 smallint NOT NULL CHECK (u9 BETWEEN 1 AND 4),
    komentar  text NOT NULL DEFAULT '' CHECK (length(komentar) <= 1000)
);
CREATE INDEX survei_jawaban_periode_idx ON survei_jawaban (tahun, semester, layanan);
