-- Indexes for the signed-in pages at national volume (issue 15, `make bench`: 100,000 permohonan).
--
-- Akun Saya lists an account's permohonan newest first, counts them by state and asks whether one has access
-- in force: with the permohonan of every account interleaved, the old (akun_id, id DESC) index sent each of
-- those to one heap page per permohonan (about 600 µs for an account of 150). This one is in the list's order
-- and carries the state, so the page reads its 21 rows and the counts read the index alone.
CREATE INDEX permohonan_akun_dibuat_idx ON permohonan (akun_id, created_at DESC, id DESC) INCLUDE (state);
DROP INDEX permohonan_akun_idx;

-- Every list shows a permohonan's number of new users, its highest tier and its media from its rows: carried
-- in the index, those are read without visiting the table.
CREATE INDEX permohonan_rows_ringkas_idx ON permohonan_rows (permohonan_id, id) INCLUDE (is_new, jenis_data, media);
DROP INDEX permohonan_rows_permohonan_idx;

-- An account's officials (Akun Saya, the handover pages) were found by reading every official.
CREATE INDEX pejabat_akun_idx ON pejabat (akun_id, id DESC);
