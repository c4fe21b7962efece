-- Original documents (issue 13 item 6): staff record the receipt of the printed Surat Permohonan and of the
-- PKS/NDA originals; the registrator sees "Dokumen asli diterima" with the date. A correction overwrites the
-- record; the audit log keeps every version.

CREATE TABLE dokumen_asli (
    permohonan_id    bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    kind             text NOT NULL CHECK (kind IN ('surat_permohonan', 'pks', 'nda')),
    diterima_tanggal date NOT NULL,
    catatan          text NOT NULL DEFAULT '' CHECK (length(catatan) <= 300),
    dicatat_oleh     bigint NOT NULL REFERENCES staff (id),
    dicatat_at       timestamptz NOT NULL,
    PRIMARY KEY (permohonan_id, kind)
);
