-- Electronic signatures on PKS and NDA checked cryptographically (internal/pdfsig): the verdict, each signer as
-- the certificate names them (name, organisation, issuer, time and where the time comes from), and why a
-- verdict is not "sah". Uploads made before this migration keep only ttd_digital, the structural detection,
-- which pages show as "belum dapat diperiksa".
ALTER TABLE permohonan_documents
    ADD COLUMN ttd_status  text CHECK (ttd_status IN ('sah', 'tidak_sah', 'tidak_ada', 'penerbit_tidak_dipercaya', 'belum_diperiksa')),
    ADD COLUMN ttd_penanda jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN ttd_alasan  text NOT NULL DEFAULT '',
    -- A file whose signature is not valid is refused at upload; none is ever stored.
    ADD CONSTRAINT permohonan_documents_ttd_sah CHECK (ttd_status IS DISTINCT FROM 'tidak_sah'),
    ADD CONSTRAINT permohonan_documents_ttd_checked CHECK (ttd_status IS NULL OR ttd_digital IS NOT NULL);
