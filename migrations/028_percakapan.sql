-- Percakapan (internal/percakapan): one thread per permohonan or bimtek between the pemohon (its akun
-- layanan, whichever official holds it) and the Bappenas staff who work the service, with attachments and
-- what each reader has read. Apart from the review's formal notes; the pemohon reads every message.
CREATE TABLE percakapan (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id   bigint UNIQUE REFERENCES permohonan (id) ON DELETE CASCADE,
    bimtek_id       bigint UNIQUE REFERENCES bimtek (id) ON DELETE CASCADE,
    akun_id         bigint NOT NULL REFERENCES akun (id),
    -- The pemohon's side reads as one: the last Bappenas message its officials have seen.
    dibaca_pemohon  bigint NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    terakhir_at     timestamptz NOT NULL,
    CHECK ((permohonan_id IS NULL) <> (bimtek_id IS NULL))
);
CREATE INDEX percakapan_akun_idx ON percakapan (akun_id);
CREATE INDEX percakapan_terakhir_idx ON percakapan (terakhir_at DESC);

CREATE TABLE percakapan_pesan (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    percakapan_id  bigint NOT NULL REFERENCES percakapan (id) ON DELETE CASCADE,
    pihak          text NOT NULL CHECK (pihak IN ('pemohon', 'bappenas')),
    pejabat_id     bigint REFERENCES pejabat (id),
    staff_id       bigint REFERENCES staff (id),
    isi            text NOT NULL CHECK (length(isi) BETWEEN 1 AND 4000),
    created_at     timestamptz NOT NULL,
    CHECK ((pihak = 'pemohon') = (pejabat_id IS NOT NULL)),
    CHECK ((pihak = 'bappenas') = (staff_id IS NOT NULL))
);
CREATE INDEX percakapan_pesan_idx ON percakapan_pesan (percakapan_id, id);

CREATE TABLE percakapan_lampiran (
    document_id    bigint PRIMARY KEY REFERENCES documents (id),
    pesan_id       bigint NOT NULL REFERENCES percakapan_pesan (id) ON DELETE CASCADE
);
CREATE INDEX percakapan_lampiran_pesan_idx ON percakapan_lampiran (pesan_id);

-- Each staff member's last message read in each thread.
CREATE TABLE percakapan_baca (
    percakapan_id  bigint NOT NULL REFERENCES percakapan (id) ON DELETE CASCADE,
    staff_id       bigint NOT NULL REFERENCES staff (id),
    pesan_id       bigint NOT NULL,
    PRIMARY KEY (percakapan_id, staff_id)
);
