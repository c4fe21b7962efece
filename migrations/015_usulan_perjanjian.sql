-- Usulan perubahan PKS/NDA (§3.2.5: the pemohon may propose changes to the substance of the PKS/NDA with the
-- Pengelola Data's approval). In Tahap 4 the registrator uploads a proposed text with a note; the produsen
-- data accepts it (that text becomes the one to sign) or declines it with a reason.

CREATE TABLE usulan_perjanjian (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id   bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('pks', 'nda')),
    document_id     bigint NOT NULL REFERENCES documents (id),
    catatan         text NOT NULL CHECK (length(catatan) BETWEEN 10 AND 2000),
    state           text NOT NULL CHECK (state IN ('diajukan', 'diterima', 'ditolak')),
    diajukan_oleh   bigint NOT NULL REFERENCES pejabat (id),
    diajukan_at     timestamptz NOT NULL,
    diputuskan_oleh bigint REFERENCES staff (id),
    diputuskan_at   timestamptz,
    alasan_tolak    text,
    CHECK ((state = 'diajukan') = (diputuskan_at IS NULL)),
    CHECK (state = 'diajukan' OR diputuskan_oleh IS NOT NULL),
    CHECK ((state = 'ditolak') = (alasan_tolak IS NOT NULL))
);
CREATE UNIQUE INDEX usulan_perjanjian_one_open ON usulan_perjanjian (permohonan_id, kind) WHERE state = 'diajukan';
CREATE INDEX usulan_perjanjian_permohonan_idx ON usulan_perjanjian (permohonan_id, id);
