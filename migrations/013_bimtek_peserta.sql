-- Bimbingan teknis outcomes (issue 13 item 7): the participants of each class of a Pelatihan, their
-- attendance and result, the certificate of each who passed, and a passed participant chosen as the
-- training evidence of a Sepakat operator (Kapasitas, Tabel 3.1 "Lulus pelatihan SEPAKAT").

CREATE TABLE bimtek_peserta (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bimtek_id             bigint NOT NULL REFERENCES bimtek (id),
    kelas                 text NOT NULL CHECK (kelas ~ '^(PK|DK)-[0-9]{1,3}$'),
    nama                  text NOT NULL CHECK (length(nama) BETWEEN 1 AND 150),
    nip                   text NOT NULL CHECK (nip ~ '^[0-9]{16}([0-9]{2})?$'), -- NIP, or NIK for a desa official
    unit                  text NOT NULL CHECK (length(unit) BETWEEN 1 AND 200),
    email                 text NOT NULL CHECK (length(email) BETWEEN 3 AND 200),
    hadir                 boolean NOT NULL DEFAULT false,
    lulus                 boolean, -- NULL until judged
    nomor_sertifikat      text UNIQUE,
    -- The participant's link to the certificate, stored as an HMAC; NULL while they have not passed.
    sertifikat_token_hash bytea UNIQUE CHECK (length(sertifikat_token_hash) = 32),
    dinilai_oleh          bigint REFERENCES staff (id),
    dinilai_at            timestamptz,
    created_by            bigint NOT NULL REFERENCES staff (id),
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    CHECK (lulus IS NOT TRUE OR hadir),
    CHECK (lulus IS NOT TRUE OR nomor_sertifikat IS NOT NULL),
    CHECK ((lulus IS NULL) = (dinilai_at IS NULL))
);
CREATE INDEX bimtek_peserta_bimtek_idx ON bimtek_peserta (bimtek_id, kelas, id);
CREATE INDEX bimtek_peserta_nip_idx ON bimtek_peserta (nip) WHERE lulus;
-- One person once per bimtek.
CREATE UNIQUE INDEX bimtek_peserta_once ON bimtek_peserta (bimtek_id, nip);
CREATE SEQUENCE bimtek_sertifikat_seq;

-- A passed participant as the training evidence of a row's Sepakat operator: a further kind of the record
-- issue 12 keeps per row (020_pedoman.sql: an uploaded certificate, a completed bimtek of the instansi).
ALTER TABLE operator_pelatihan ADD COLUMN peserta_id bigint REFERENCES bimtek_peserta (id);
ALTER TABLE operator_pelatihan DROP CONSTRAINT operator_pelatihan_jenis_check;
ALTER TABLE operator_pelatihan
    ADD CONSTRAINT operator_pelatihan_jenis_check CHECK (jenis IN ('sertifikat', 'bimtek', 'peserta_bimtek')),
    ADD CONSTRAINT operator_pelatihan_peserta CHECK ((jenis = 'peserta_bimtek') = (peserta_id IS NOT NULL));
CREATE INDEX operator_pelatihan_peserta_idx ON operator_pelatihan (peserta_id) WHERE peserta_id IS NOT NULL;
