-- Penggantian Operator (§3.2.5 c.1 f: a change of operator requires a new SK and its upload). The
-- registrator names a new operator for one or more Sepakat rows with the new SK; a verifikator teknis judges
-- it; on approval each old account is closed in Sepakat and then a new one provisioned with the same tier,
-- wilayah and end (river jobs chained: akun_cabut, then akun_buat).

CREATE TABLE penggantian_operator (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id       bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    state               text NOT NULL CHECK (state IN ('diajukan', 'disetujui', 'belum_sesuai', 'selesai', 'dibatalkan')),
    operator_nama       text NOT NULL CHECK (length(operator_nama) BETWEEN 1 AND 150),
    operator_jabatan    text NOT NULL CHECK (length(operator_jabatan) BETWEEN 1 AND 150),
    operator_nip        text NOT NULL CHECK (operator_nip ~ '^[0-9]{16}([0-9]{2})?$'),
    operator_email      text NOT NULL CHECK (length(operator_email) BETWEEN 3 AND 200),
    operator_phone      text NOT NULL CHECK (operator_phone ~ '^\+628[0-9]{7,11}$'),
    sk_document_id      bigint NOT NULL REFERENCES documents (id),
    peserta_id          bigint REFERENCES bimtek_peserta (id), -- the new operator's training evidence, if chosen
    catatan             text NOT NULL DEFAULT '',
    diajukan_oleh       bigint NOT NULL REFERENCES pejabat (id),
    diajukan_at         timestamptz NOT NULL,
    diputuskan_oleh     bigint REFERENCES staff (id),
    diputuskan_at       timestamptz,
    catatan_verifikator text,
    ditutup_at          timestamptz,
    CHECK (state NOT IN ('disetujui', 'selesai', 'belum_sesuai') OR (diputuskan_at IS NOT NULL AND diputuskan_oleh IS NOT NULL)),
    CHECK ((state = 'belum_sesuai') = (catatan_verifikator IS NOT NULL)),
    CHECK ((state IN ('selesai', 'belum_sesuai', 'dibatalkan')) = (ditutup_at IS NOT NULL))
);
CREATE INDEX penggantian_operator_permohonan_idx ON penggantian_operator (permohonan_id, id);
CREATE INDEX penggantian_operator_queue_idx ON penggantian_operator (diajukan_at) WHERE state = 'diajukan';

-- The rows of a request, with the operator each had before and, once approved, the accounts old and new.
-- ditutup_at follows the request's closing, so the index below holds "one open request per row" under
-- concurrency.
CREATE TABLE penggantian_operator_baris (
    penggantian_id  bigint NOT NULL REFERENCES penggantian_operator (id) ON DELETE CASCADE,
    row_id          bigint NOT NULL REFERENCES permohonan_rows (id) ON DELETE CASCADE,
    akun_lama_id    bigint NOT NULL REFERENCES akses_akun (id),
    akun_baru_id    bigint REFERENCES akses_akun (id),
    lama_nama       text NOT NULL,
    lama_jabatan    text NOT NULL,
    lama_nip        text NOT NULL,
    lama_email      text NOT NULL,
    lama_phone      text NOT NULL,
    ditutup_at      timestamptz,
    PRIMARY KEY (penggantian_id, row_id)
);
CREATE UNIQUE INDEX penggantian_operator_baris_one_open ON penggantian_operator_baris (row_id) WHERE ditutup_at IS NULL;
