-- Fasilitasi Bimbingan Teknis (pedoman §IV, lampiran 7–8) and Pengaduan dan Pelaporan (§VI). The rules are
-- in internal/layanan.

-- Attachments to a report accept images as well as PDF.
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN ('ktp', 'surat_tugas', 'dokumen', 'lampiran'));

-- A registrator's request for a bimtek. It starts as a draft (what was typed, already valid) while the
-- documents are prepared from the prefilled templates, and gets its reference when it is submitted.
CREATE TABLE bimtek (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference          text UNIQUE,
    akun_id            bigint NOT NULL REFERENCES akun (id),
    pejabat_id         bigint NOT NULL REFERENCES pejabat (id), -- the official who filed it
    state              text NOT NULL CHECK (state IN ('draf', 'diajukan', 'dijadwalkan', 'selesai', 'ditolak')),
    pelatihan          boolean NOT NULL,
    konsultasi         boolean NOT NULL,
    versi              text CHECK (versi IN ('lengkap', 'ringkas')),
    peserta_pk         integer NOT NULL DEFAULT 0 CHECK (peserta_pk BETWEEN 0 AND 3000),
    peserta_dk         integer NOT NULL DEFAULT 0 CHECK (peserta_dk BETWEEN 0 AND 3000),
    topik_konsultasi   text NOT NULL DEFAULT '',
    mode               text NOT NULL CHECK (mode IN ('luring', 'daring', 'hybrid')),
    usulan_mulai       date NOT NULL,
    usulan_selesai     date NOT NULL,
    catatan            text NOT NULL DEFAULT '',
    narahubung_nama    text NOT NULL,
    narahubung_jabatan text NOT NULL,
    narahubung_nip     text NOT NULL CHECK (narahubung_nip ~ '^[0-9]{18}$'),
    narahubung_email   text NOT NULL,
    narahubung_phone   text NOT NULL CHECK (narahubung_phone ~ '^\+628[0-9]{7,11}$'),
    surat_document_id  bigint REFERENCES documents (id),
    kak_document_id    bigint REFERENCES documents (id),
    jadwal_mulai       date,
    jadwal_selesai     date,
    jadwal_mode        text CHECK (jadwal_mode IN ('luring', 'daring', 'hybrid')),
    jadwal_tempat      text,
    jadwal_tautan      text,
    jadwal_catatan     text,
    reject_reason      text,
    handled_by         bigint REFERENCES staff (id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    submitted_at       timestamptz,
    decided_at         timestamptz,
    CHECK (pelatihan OR konsultasi),
    CHECK (NOT pelatihan OR (versi IS NOT NULL AND peserta_pk + peserta_dk > 0)),
    CHECK (pelatihan OR (versi IS NULL AND peserta_pk = 0 AND peserta_dk = 0)),
    CHECK (usulan_selesai >= usulan_mulai),
    CHECK ((state = 'draf') = (reference IS NULL)),
    CHECK ((state = 'draf') = (submitted_at IS NULL)),
    CHECK (state = 'draf' OR surat_document_id IS NOT NULL),
    CHECK (state = 'draf' OR NOT pelatihan OR kak_document_id IS NOT NULL),
    CHECK (state NOT IN ('dijadwalkan', 'selesai') OR (jadwal_mulai IS NOT NULL AND jadwal_selesai IS NOT NULL
        AND jadwal_mode IS NOT NULL AND jadwal_selesai >= jadwal_mulai)),
    CHECK ((state IN ('selesai', 'ditolak')) = (decided_at IS NOT NULL)),
    CHECK ((state = 'ditolak') = (reject_reason IS NOT NULL))
);
CREATE INDEX bimtek_akun_idx ON bimtek (akun_id, id DESC);
CREATE INDEX bimtek_queue_idx ON bimtek (submitted_at) WHERE state IN ('diajukan', 'dijadwalkan');
CREATE SEQUENCE bimtek_reference_seq;

-- A report from the public or a registrator. The tracking code the reporter holds is stored only as an
-- HMAC keyed by SESSION_SECRET. The reporter's identity is kept apart, in pengaduan_pelapor.
CREATE TABLE pengaduan (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference     text NOT NULL UNIQUE,
    tracking_hash bytea NOT NULL UNIQUE CHECK (length(tracking_hash) = 32),
    judul         text NOT NULL CHECK (judul <> ''),
    isi           text NOT NULL CHECK (isi <> ''),
    lokasi        text NOT NULL,
    kategori      text NOT NULL CHECK (kategori IN ('permohonan_data', 'proses_layanan', 'bimtek', 'penyalahgunaan_data', 'lainnya')),
    anonim        boolean NOT NULL,
    rahasia       boolean NOT NULL,
    state         text NOT NULL CHECK (state IN ('baru', 'menunggu_informasi', 'dijawab', 'ditutup')),
    -- The pengelola layanan who first acted on it; a Rahasia report is then seen by them alone.
    handler_id    bigint REFERENCES staff (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    closed_at     timestamptz,
    CHECK ((state = 'ditutup') = (closed_at IS NOT NULL))
);
CREATE INDEX pengaduan_state_idx ON pengaduan (state, created_at);
CREATE SEQUENCE pengaduan_reference_seq;

-- Who sent a report: name, instansi, jabatan and email, encrypted together; for a signed-in registrator
-- also the account, the official and the permohonan the report is about. Staff screens read this table
-- only for reports that are not Anonim; revealing an Anonim reporter is an audited admin action.
CREATE TABLE pengaduan_pelapor (
    pengaduan_id  bigint PRIMARY KEY REFERENCES pengaduan (id),
    identity_enc  bytea NOT NULL,
    key_id        text NOT NULL,
    akun_id       bigint REFERENCES akun (id),
    pejabat_id    bigint REFERENCES pejabat (id),
    permohonan_id bigint REFERENCES permohonan (id),
    CHECK ((akun_id IS NULL) = (pejabat_id IS NULL)),
    CHECK (permohonan_id IS NULL OR akun_id IS NOT NULL)
);
CREATE INDEX pengaduan_pelapor_akun_idx ON pengaduan_pelapor (akun_id) WHERE akun_id IS NOT NULL;

-- The conversation after the report: the staff's answers and requests for information, the reporter's
-- replies and the closing note.
CREATE TABLE pengaduan_pesan (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pengaduan_id bigint NOT NULL REFERENCES pengaduan (id),
    jenis        text NOT NULL CHECK (jenis IN ('jawaban', 'permintaan_informasi', 'tanggapan', 'penutupan')),
    staff_id     bigint REFERENCES staff (id),
    isi          text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((jenis IN ('jawaban', 'permintaan_informasi', 'penutupan')) = (staff_id IS NOT NULL))
);
CREATE INDEX pengaduan_pesan_pengaduan_idx ON pengaduan_pesan (pengaduan_id, id);

-- Attachments: with the report itself (pesan_id NULL) or with a reply.
CREATE TABLE pengaduan_lampiran (
    document_id  bigint PRIMARY KEY REFERENCES documents (id),
    pengaduan_id bigint NOT NULL REFERENCES pengaduan (id),
    pesan_id     bigint REFERENCES pengaduan_pesan (id)
);
CREATE INDEX pengaduan_lampiran_pengaduan_idx ON pengaduan_lampiran (pengaduan_id);
