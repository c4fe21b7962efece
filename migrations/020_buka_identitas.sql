-- Opening an Anonim reporter's identity takes two admins (issue 14 item 6, layanan/pengaduan_identitas.go):
-- one asks with a reason, a second approves or refuses, the asker opens it once within a day.
CREATE TABLE pengaduan_buka_identitas (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pengaduan_id  bigint NOT NULL REFERENCES pengaduan (id),
    state         text NOT NULL CHECK (state IN ('diminta', 'disetujui', 'ditolak', 'dibuka')),
    diminta_oleh  bigint NOT NULL REFERENCES staff (id),
    alasan        text NOT NULL CHECK (length(alasan) BETWEEN 10 AND 1000),
    diminta_at    timestamptz NOT NULL,
    diputus_oleh  bigint REFERENCES staff (id),
    diputus_at    timestamptz,
    catatan       text,
    dibuka_at     timestamptz,
    CHECK ((state = 'diminta') = (diputus_at IS NULL)),
    CHECK ((diputus_at IS NULL) = (diputus_oleh IS NULL)),
    CHECK (diputus_oleh IS NULL OR diputus_oleh <> diminta_oleh),
    CHECK ((state = 'ditolak') = (catatan IS NOT NULL)),
    CHECK ((state = 'dibuka') = (dibuka_at IS NOT NULL))
);
-- One request waiting for a second admin per report at a time (an approval still usable is checked by the store).
CREATE UNIQUE INDEX pengaduan_buka_identitas_open ON pengaduan_buka_identitas (pengaduan_id) WHERE state = 'diminta';
CREATE INDEX pengaduan_buka_identitas_pending ON pengaduan_buka_identitas (diminta_at) WHERE state = 'diminta';
