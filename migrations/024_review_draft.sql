-- Issue 15: "Simpan sementara" on the verifier's judgement form. What a verifier has judged so far, kept
-- until the judgement is sent (store.Verify deletes it in the same transaction) — one per permohonan, stage
-- and verifier.
CREATE TABLE review_draft (
    permohonan_id bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    stage text NOT NULL CHECK (stage IN ('teknis', 'substansi')),
    staff_id bigint NOT NULL REFERENCES staff (id),
    isian jsonb NOT NULL,
    saved_at timestamptz NOT NULL,
    PRIMARY KEY (permohonan_id, stage, staff_id)
);

