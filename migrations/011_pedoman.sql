-- The permohonan rules exactly as the pedoman sets them (issue 12): the jangka waktu of each row and of each
-- row's decision, the Sepakat operators' kapasitas, internal notes kept apart from notes for the pemohon, the
-- reading of an uploaded KAK. The rules are in internal/request and internal/review.

-- Jangka waktu (§III, step 3 of identifying needs): each row states one-off or continuous use and the period
-- it needs, from a start until an end or for a number of months. Drafts keep what was typed, so all may be
-- empty until "Ajukan" checks them.
ALTER TABLE permohonan_rows
    ADD COLUMN penggunaan          text NOT NULL DEFAULT '' CHECK (penggunaan IN ('', 'sekali_pakai', 'berkelanjutan')),
    ADD COLUMN periode_mulai       date,
    ADD COLUMN periode_selesai     date,
    ADD COLUMN periode_bulan       integer CHECK (periode_bulan BETWEEN 1 AND 60),
    ADD CONSTRAINT permohonan_rows_periode CHECK (periode_selesai IS NULL OR periode_bulan IS NULL),
    -- Kapasitas (Tabel 3.1): the pemohon states the Sepakat operator can process data, and on what it rests.
    ADD COLUMN olah_data           boolean NOT NULL DEFAULT false,
    ADD COLUMN olah_data_keterangan text NOT NULL DEFAULT '';

-- The decided end of each approved row, and the end the decision proposed from the request (capped by
-- MAX_AKSES_BULAN and the six-month rule): a shorter end carries the row's reason. The permohonan's
-- akses_sampai stays the latest of them. Rows decided before this migration get their permohonan's end.
ALTER TABLE row_decisions
    ADD COLUMN sampai  date,
    ADD COLUMN usulan  date;
UPDATE row_decisions d SET sampai = p.akses_sampai, usulan = p.akses_sampai
    FROM permohonan p WHERE p.id = d.permohonan_id AND d.decision = 'setuju';
ALTER TABLE row_decisions
    ADD CONSTRAINT row_decisions_sampai CHECK ((decision = 'setuju') = (sampai IS NOT NULL)) NOT VALID,
    ADD CONSTRAINT row_decisions_usulan CHECK (sampai IS NULL OR (usulan IS NOT NULL AND sampai <= usulan)) NOT VALID;

-- Training evidence of a Sepakat operator ("Lulus pelatihan SEPAKAT", Tabel 3.1): one record per row, of a
-- kind — an uploaded certificate, or a completed Fasilitasi Bimbingan Teknis of the same instansi. Each kind
-- ties its own column, so another kind can be added with its column and a wider jenis check.
CREATE TABLE operator_pelatihan (
    row_id        bigint PRIMARY KEY REFERENCES permohonan_rows (id) ON DELETE CASCADE,
    permohonan_id bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    jenis         text NOT NULL CONSTRAINT operator_pelatihan_jenis_check CHECK (jenis IN ('sertifikat', 'bimtek')),
    document_id   bigint REFERENCES documents (id),
    bimtek_id     bigint REFERENCES bimtek (id),
    recorded_by   bigint NOT NULL REFERENCES pejabat (id),
    recorded_at   timestamptz NOT NULL,
    CONSTRAINT operator_pelatihan_sertifikat CHECK ((jenis = 'sertifikat') = (document_id IS NOT NULL)),
    CONSTRAINT operator_pelatihan_bimtek CHECK ((jenis = 'bimtek') = (bimtek_id IS NOT NULL))
);
CREATE INDEX operator_pelatihan_permohonan_idx ON operator_pelatihan (permohonan_id);

-- The verifikator teknis judges that evidence like a document.
ALTER TABLE review_items DROP CONSTRAINT review_items_item_type_check;
ALTER TABLE review_items ADD CONSTRAINT review_items_item_type_check CHECK (item_type IN ('dokumen', 'baris', 'header', 'kapasitas'));

-- Notes for the pemohon and Bappenas' internal notes are kept apart (§3.2.4: the assessment is internal):
-- the registrator's timeline shows note, never internal_note. A rekomendasi and its request were internal
-- from the start.
ALTER TABLE permohonan_events ADD COLUMN internal_note text NOT NULL DEFAULT '';
UPDATE permohonan_events SET internal_note = note, note = '' WHERE event IN ('minta_rekomendasi', 'rekomendasi');

-- What the portal read in an uploaded KAK (§3.2.5 point 2): whether its text could be read and which of the
-- six components (a–f) were found. A hint for the registrator and the verifikator teknis, never a refusal.
CREATE TABLE kak_bacaan (
    document_id bigint PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    terbaca     boolean NOT NULL,
    halaman     integer NOT NULL DEFAULT 0 CHECK (halaman >= 0),
    komponen    text[] NOT NULL DEFAULT '{}' CHECK (komponen <@ ARRAY['a', 'b', 'c', 'd', 'e', 'f']),
    dibaca_at   timestamptz NOT NULL,
    CHECK (terbaca OR komponen = '{}')
);
