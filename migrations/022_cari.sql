-- Search and lists of the staff workbench (issue 15): every list pages by (sort key, id) and the search box
-- finds a permohonan, akun, bimtek or pengaduan by number, instansi, registrator or operator name anywhere in
-- the text. pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX permohonan_reference_trgm ON permohonan USING gin (reference gin_trgm_ops);
CREATE INDEX akun_instansi_trgm ON akun USING gin (instansi_nama gin_trgm_ops);
CREATE INDEX akun_reference_trgm ON akun USING gin (reference gin_trgm_ops);
CREATE INDEX pejabat_nama_trgm ON pejabat USING gin (nama gin_trgm_ops);
CREATE INDEX pejabat_username_trgm ON pejabat USING gin (username gin_trgm_ops);
CREATE INDEX permohonan_rows_operator_trgm ON permohonan_rows USING gin (operator_nama gin_trgm_ops) WHERE operator_nama <> '';
CREATE INDEX bimtek_reference_trgm ON bimtek USING gin (reference gin_trgm_ops);
CREATE INDEX bimtek_narahubung_trgm ON bimtek USING gin (narahubung_nama gin_trgm_ops);
CREATE INDEX pengaduan_reference_trgm ON pengaduan USING gin (reference gin_trgm_ops);
CREATE INDEX pengaduan_judul_trgm ON pengaduan USING gin (judul gin_trgm_ops);

-- The register's default order (newest submission first, drafts by creation) and each queue's (oldest first).
CREATE INDEX permohonan_diajukan_idx ON permohonan ((coalesce(submitted_at, created_at)), id);
CREATE INDEX permohonan_state_diajukan_idx ON permohonan (state, (coalesce(submitted_at, created_at)), id);
-- Lists of akun registrations, bimtek and pengaduan in every state, newest first.
CREATE INDEX pejabat_created_idx ON pejabat (created_at, id);
CREATE INDEX bimtek_created_idx ON bimtek ((coalesce(submitted_at, created_at)), id);
CREATE INDEX pengaduan_updated_idx ON pengaduan (updated_at, id);
-- The staff home's figure of decisions in the last 30 days reads only those.
CREATE INDEX permohonan_decided_idx ON permohonan (decided_at) WHERE decided_at IS NOT NULL;
