-- Permohonan hak akses (pedoman §3.2.4, §3.2.5, Tahap 1.2): the header, one row per pengguna, the
-- documents, and the timeline of every stage. The state machine is in internal/request/state.go.

CREATE TABLE permohonan (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    akun_id             bigint NOT NULL REFERENCES akun (id),
    reference           text NOT NULL UNIQUE,
    -- A perubahan permohonan (§3.2.5 f) points at the permohonan whose access it extends.
    parent_id           bigint REFERENCES permohonan (id),
    state               text NOT NULL CHECK (state IN ('draft', 'diajukan', 'perlu_perbaikan', 'terverifikasi_teknis',
                            'menunggu_keputusan', 'disetujui', 'ditolak', 'menunggu_pks_nda', 'pks_nda_diunggah',
                            'penyiapan_akses', 'akses_diberikan', 'berakhir', 'dicabut', 'ditarik')),
    -- Drafts keep what was typed even when invalid, so these are free text until "Ajukan" checks them.
    cakupan_wilayah     text NOT NULL DEFAULT '',
    narahubung_nama     text NOT NULL DEFAULT '',
    narahubung_jabatan  text NOT NULL DEFAULT '',
    narahubung_nip      text NOT NULL DEFAULT '',
    narahubung_email    text NOT NULL DEFAULT '',
    narahubung_phone    text NOT NULL DEFAULT '',
    forum_satu_data     text NOT NULL DEFAULT '' CHECK (forum_satu_data IN ('', 'ya', 'tidak')),
    header_saved        boolean NOT NULL DEFAULT false,
    submitted_at        timestamptz,
    decided_at          timestamptz,
    withdraw_reason     text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'draft') = (submitted_at IS NULL)),
    CHECK ((state = 'ditarik') = (withdraw_reason IS NOT NULL))
);
CREATE INDEX permohonan_akun_idx ON permohonan (akun_id, id DESC);
CREATE INDEX permohonan_state_idx ON permohonan (state, submitted_at);
CREATE SEQUENCE permohonan_reference_seq;

-- Identifikasi Kebutuhan Hak Akses dan Media Akses: one row per pengguna (unit kerja, OPD or desa).
CREATE TABLE permohonan_rows (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id     bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    pengguna_jenis    text NOT NULL DEFAULT '' CHECK (pengguna_jenis IN ('', 'unit_kerja', 'opd', 'desa')),
    pengguna          text NOT NULL DEFAULT '',
    pengguna_wilayah  text NOT NULL DEFAULT '', -- desa/kelurahan code for a desa pengguna
    tujuan            text NOT NULL DEFAULT '',
    tujuan_bnba       text NOT NULL DEFAULT '' CHECK (tujuan_bnba IN ('', 'kepentingan_umum', 'sektor_keuangan', 'statistik_penelitian')),
    jenis_data        text NOT NULL DEFAULT '' CHECK (jenis_data IN ('', 'agregat_terpilah', 'mikro', 'bnba')),
    media             text NOT NULL DEFAULT '' CHECK (media IN ('', 'sepakat', 'fasilitas')),
    operator_nama     text NOT NULL DEFAULT '',
    operator_jabatan  text NOT NULL DEFAULT '',
    operator_nip      text NOT NULL DEFAULT '',
    operator_email    text NOT NULL DEFAULT '',
    operator_phone    text NOT NULL DEFAULT '',
    -- Rows of a perubahan that were carried over from the original are not reviewed again.
    is_new            boolean NOT NULL DEFAULT true,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX permohonan_rows_permohonan_idx ON permohonan_rows (permohonan_id, id);

-- The uploaded documents of a permohonan, one per kind (a new upload replaces the old).
CREATE TABLE permohonan_documents (
    permohonan_id bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('surat_permohonan', 'kak', 'sk_operator', 'sk_forum_satu_data',
                      'surat_pernyataan', 'pks', 'nda', 'pks_ttd', 'nda_ttd')),
    document_id   bigint NOT NULL REFERENCES documents (id),
    uploaded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (permohonan_id, kind)
);

-- The timeline: every move of the state machine, who made it, when, and why. A submission keeps a
-- snapshot of the content as submitted, so a reviewer can see what changed since.
CREATE TABLE permohonan_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    at            timestamptz NOT NULL DEFAULT now(),
    event         text NOT NULL,
    from_state    text NOT NULL,
    to_state      text NOT NULL,
    actor_kind    text NOT NULL CHECK (actor_kind IN ('registrator', 'staf', 'sistem')),
    actor_id      bigint,
    actor_role    text NOT NULL DEFAULT '',
    note          text NOT NULL DEFAULT '',
    snapshot      jsonb
);
CREATE INDEX permohonan_events_permohonan_idx ON permohonan_events (permohonan_id, id);
