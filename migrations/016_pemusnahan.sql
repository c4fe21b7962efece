-- End of access (issue 13 item 5): when a Sepakat row's access ends (expiry, revocation, the six-month
-- rule), the pengguna confirms the destruction of the data obtained (NDA clause) by uploading a "Berita Acara
-- Pemusnahan Data" within a configurable period (BA_PEMUSNAHAN_HARI); reminders follow; staff see the
-- overdue ones. Access re-opened under the six-month rule withdraws the confirmation still waiting.

CREATE TABLE pemusnahan (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    akun_id       bigint NOT NULL REFERENCES akses_akun (id) ON DELETE CASCADE,
    row_id        bigint NOT NULL REFERENCES permohonan_rows (id) ON DELETE CASCADE,
    alasan        text NOT NULL CHECK (alasan IN ('kedaluwarsa', 'enam_bulan', 'dicabut')),
    berakhir_at   timestamptz NOT NULL,
    tenggat       date NOT NULL,
    state         text NOT NULL CHECK (state IN ('menunggu', 'diunggah', 'dibatalkan')),
    pengingat_ke  integer NOT NULL DEFAULT 0 CHECK (pengingat_ke >= 0), -- reminders sent so far
    document_id   bigint REFERENCES documents (id),
    diunggah_oleh bigint REFERENCES pejabat (id),
    diunggah_at   timestamptz,
    dibatalkan_at timestamptz,
    CHECK ((state = 'diunggah') = (document_id IS NOT NULL AND diunggah_at IS NOT NULL AND diunggah_oleh IS NOT NULL)),
    CHECK ((state = 'dibatalkan') = (dibatalkan_at IS NOT NULL))
);
CREATE UNIQUE INDEX pemusnahan_one_open ON pemusnahan (akun_id) WHERE state = 'menunggu';
CREATE INDEX pemusnahan_permohonan_idx ON pemusnahan (permohonan_id, id);
CREATE INDEX pemusnahan_tenggat_idx ON pemusnahan (tenggat) WHERE state = 'menunggu';
