-- Review by Bappenas (Tahap 2–3): who holds a permohonan, service-level deadlines, judgements per
-- document and row, rekomendasi from a direktur pengampu, and the decision per row.

ALTER TABLE permohonan
    ADD COLUMN assignee_id      bigint REFERENCES staff (id),
    ADD COLUMN assigned_at      timestamptz,
    ADD COLUMN teknis_by        bigint REFERENCES staff (id), -- for the four-eyes rule
    ADD COLUMN substansi_by     bigint REFERENCES staff (id),
    ADD COLUMN stage_started_at timestamptz,
    ADD COLUMN due_at           timestamptz,
    ADD COLUMN sla_remaining    interval,   -- kept while the permohonan is back with the pemohon
    ADD COLUMN reminded_at      timestamptz, -- the overdue reminder of the current stage was sent
    ADD COLUMN akses_sampai     date,
    ADD COLUMN decided_by       bigint REFERENCES staff (id),
    ADD COLUMN reject_reason    text,
    ADD CONSTRAINT permohonan_assignee_pair CHECK ((assignee_id IS NULL) = (assigned_at IS NULL)),
    ADD CONSTRAINT permohonan_review_due CHECK (state NOT IN ('diajukan', 'terverifikasi_teknis', 'menunggu_keputusan') OR due_at IS NOT NULL),
    ADD CONSTRAINT permohonan_ditolak_reason CHECK (state <> 'ditolak' OR reject_reason IS NOT NULL),
    ADD CONSTRAINT permohonan_decided CHECK ((state IN ('disetujui', 'ditolak', 'menunggu_pks_nda', 'pks_nda_diunggah',
        'penyiapan_akses', 'akses_diberikan', 'berakhir', 'dicabut')) = (decided_at IS NOT NULL));

-- Queues read these, oldest first, with keyset pagination on (submitted_at, id).
CREATE INDEX permohonan_queue_idx ON permohonan (state, submitted_at, id)
    WHERE state IN ('diajukan', 'terverifikasi_teknis', 'menunggu_keputusan', 'penyiapan_akses');
CREATE INDEX permohonan_overdue_idx ON permohonan (due_at)
    WHERE state IN ('diajukan', 'terverifikasi_teknis', 'menunggu_keputusan') AND reminded_at IS NULL;
CREATE INDEX permohonan_assignee_idx ON permohonan (assignee_id) WHERE assignee_id IS NOT NULL;

-- A reviewer's judgement of one item in one round: a document (by kind), a row (by id) or the header.
CREATE TABLE review_items (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    round         integer NOT NULL,
    stage         text NOT NULL CHECK (stage IN ('teknis', 'substansi')),
    item_type     text NOT NULL CHECK (item_type IN ('dokumen', 'baris', 'header')),
    item_key      text NOT NULL,
    aspect        text NOT NULL DEFAULT '' CHECK (aspect IN ('', 'kewenangan', 'tujuan')),
    verdict       text NOT NULL CHECK (verdict IN ('sesuai', 'belum_sesuai')),
    note          text NOT NULL DEFAULT '',
    reviewer_id   bigint NOT NULL REFERENCES staff (id),
    at            timestamptz NOT NULL,
    CHECK (verdict = 'sesuai' OR note <> ''),
    UNIQUE (permohonan_id, round, stage, item_type, item_key, aspect)
);

-- Rekomendasi asked of a direktur pengampu by the verifikator substansi.
CREATE TABLE rekomendasi (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    requested_by  bigint NOT NULL REFERENCES staff (id),
    direktur_id   bigint NOT NULL REFERENCES staff (id),
    question      text NOT NULL,
    answer        text,
    requested_at  timestamptz NOT NULL,
    answered_at   timestamptz,
    CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX rekomendasi_pending_idx ON rekomendasi (direktur_id, requested_at) WHERE answered_at IS NULL;

-- The produsen data's decision per row: approved at the requested tier or a lower one, or refused.
CREATE TABLE row_decisions (
    permohonan_id bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    row_id        bigint NOT NULL REFERENCES permohonan_rows (id) ON DELETE CASCADE,
    decision      text NOT NULL CHECK (decision IN ('setuju', 'tolak')),
    jenis_data    text CHECK (jenis_data IN ('agregat_terpilah', 'mikro', 'bnba')),
    reason        text NOT NULL DEFAULT '',
    decided_by    bigint NOT NULL REFERENCES staff (id),
    at            timestamptz NOT NULL,
    PRIMARY KEY (permohonan_id, row_id),
    CHECK ((decision = 'setuju') = (jenis_data IS NOT NULL)),
    CHECK (decision = 'setuju' OR reason <> '')
);
