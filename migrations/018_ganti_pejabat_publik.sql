-- "Ganti Pejabat Pemegang Akun" without the incumbent (§3.2.5 g, issue 13 item 3): a new official of the
-- same instansi starts the handover from the Masuk page. The verifikator akun sees that the official in
-- force did not file it.
ALTER TABLE pejabat
    ADD COLUMN tanpa_pemegang boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT pejabat_tanpa_pemegang CHECK (NOT tanpa_pemegang OR is_handover);
