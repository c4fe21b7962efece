-- Akun layanan (one per instansi), the officials who hold it, staff, documents, mail outbox, captcha,
-- rate limits and the audit log.

-- Documents are stored encrypted in the database itself, in segments, so a document and its row are
-- written in one transaction: a crash never leaves one without the other.
CREATE TABLE documents (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('ktp', 'surat_tugas', 'dokumen')),
    original_name text NOT NULL,
    content_type  text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes    bigint NOT NULL CHECK (size_bytes > 0),
    sha256        bytea NOT NULL CHECK (length(sha256) = 32),
    key_id        text NOT NULL,
    nonce_prefix  bytea NOT NULL,
    -- A document uploaded in the registration wizard belongs to its draft until the account is created.
    draft_id      uuid,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE document_segments (
    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq         integer NOT NULL CHECK (seq >= 0),
    data        bytea NOT NULL,
    PRIMARY KEY (document_id, seq)
);

-- The registration wizard's server-side state, kept per browser (a long-lived cookie holds the id) so a
-- half-finished wizard can be resumed. The payload is encrypted: it holds NIK and contact data.
CREATE TABLE registration_drafts (
    id         uuid PRIMARY KEY,
    payload    bytea NOT NULL,
    key_id     text NOT NULL,
    akun_id    bigint, -- set when "Simpan" created the account; a second "Simpan" finds it here
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
ALTER TABLE documents ADD FOREIGN KEY (draft_id) REFERENCES registration_drafts (id) ON DELETE CASCADE;

-- One akun layanan per K/L, province or kab/kota (§3.2.5 e).
CREATE TABLE akun (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference      text NOT NULL UNIQUE,
    kategori       text NOT NULL CHECK (kategori IN ('pusat', 'provinsi', 'kabupaten_kota')),
    instansi_kode  text NOT NULL,
    instansi_nama  text NOT NULL,
    state          text NOT NULL CHECK (state IN ('menunggu_verifikasi', 'disetujui', 'aktif', 'ditolak')),
    reject_reason  text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    decided_at     timestamptz,
    decided_by     bigint,
    CHECK ((state = 'menunggu_verifikasi') = (decided_at IS NULL)),
    CHECK ((state = 'ditolak') = (reject_reason IS NOT NULL))
);
-- The single-account rule, enforced by the database: a rejected registration frees the instansi.
CREATE UNIQUE INDEX akun_one_per_instansi ON akun (kategori, instansi_kode)
    WHERE state IN ('menunggu_verifikasi', 'disetujui', 'aktif');
CREATE INDEX akun_pending_idx ON akun (created_at) WHERE state = 'menunggu_verifikasi';

-- The official holding the account (the Registrator). A handover adds a new row; the old one becomes
-- 'diganti' when the new official activates, so the account keeps its history of officials.
CREATE TABLE pejabat (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    akun_id           bigint NOT NULL REFERENCES akun (id),
    state             text NOT NULL CHECK (state IN ('menunggu_verifikasi', 'disetujui', 'aktif', 'ditolak', 'diganti')),
    instansi          text NOT NULL,
    unit_kerja        text NOT NULL,
    nama              text NOT NULL,
    nik_enc           bytea NOT NULL, -- NIK, encrypted (UU PDP): shown only to verifikator_akun, audited
    nik_key_id        text NOT NULL,
    jabatan           text NOT NULL DEFAULT '',
    email             text NOT NULL,
    email_unit_kerja  text NOT NULL,
    phone             text NOT NULL CHECK (phone ~ '^\+628[0-9]{7,11}$'),
    username          text NOT NULL CHECK (username ~ '^[a-z0-9._]{4,32}$'),
    password_hash     text, -- NULL for a handover official until activation sets it
    ktp_document_id         bigint NOT NULL REFERENCES documents (id),
    surat_tugas_document_id bigint NOT NULL REFERENCES documents (id),
    is_handover       boolean NOT NULL DEFAULT false,
    reject_reason     text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    decided_at        timestamptz,
    decided_by        bigint,
    activated_at      timestamptz,
    ended_at          timestamptz,
    CHECK (state <> 'aktif' OR (password_hash IS NOT NULL AND activated_at IS NOT NULL)),
    CHECK ((state = 'diganti') = (ended_at IS NOT NULL))
);
CREATE UNIQUE INDEX pejabat_username_unique ON pejabat (username)
    WHERE state IN ('menunggu_verifikasi', 'disetujui', 'aktif');
-- At most one official in force and one waiting per account.
CREATE UNIQUE INDEX pejabat_one_active ON pejabat (akun_id) WHERE state = 'aktif';
CREATE UNIQUE INDEX pejabat_one_pending ON pejabat (akun_id) WHERE state IN ('menunggu_verifikasi', 'disetujui');
CREATE INDEX pejabat_pending_idx ON pejabat (created_at) WHERE state = 'menunggu_verifikasi';

-- Activation by OTP after approval: a link token and a 6-digit code, both stored as HMACs.
CREATE TABLE activations (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pejabat_id    bigint NOT NULL REFERENCES pejabat (id),
    token_hash    bytea NOT NULL UNIQUE,
    code_hash     bytea NOT NULL,
    code_expires_at timestamptz NOT NULL,
    link_expires_at timestamptz NOT NULL,
    failed_tries  integer NOT NULL DEFAULT 0,
    used_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- "Lupa kata sandi": single-use links, stored as HMACs.
CREATE TABLE password_resets (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pejabat_id  bigint REFERENCES pejabat (id),
    staff_id    bigint,
    token_hash  bytea NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((pejabat_id IS NULL) <> (staff_id IS NULL))
);

-- Bappenas staff (Pengelola Data Regsosek) and their roles; a person may hold several.
CREATE TABLE staff (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text NOT NULL CHECK (username ~ '^[a-z0-9._]{4,32}$'),
    nama          text NOT NULL,
    email         text NOT NULL,
    password_hash text NOT NULL,
    totp_secret_enc bytea NOT NULL,
    totp_key_id   text NOT NULL,
    totp_last_step bigint NOT NULL DEFAULT 0, -- a TOTP code is accepted once
    roles         text[] NOT NULL CHECK (roles <@ ARRAY['verifikator_akun', 'verifikator_teknis',
        'verifikator_substansi', 'direktur_pengampu', 'produsen_data', 'operator_sepakat',
        'pengelola_layanan', 'admin']::text[] AND cardinality(roles) > 0),
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_username_unique ON staff (username);
ALTER TABLE akun ADD FOREIGN KEY (decided_by) REFERENCES staff (id);
ALTER TABLE pejabat ADD FOREIGN KEY (decided_by) REFERENCES staff (id);
ALTER TABLE password_resets ADD FOREIGN KEY (staff_id) REFERENCES staff (id);

-- Outgoing mail, written in the same transaction as the change that causes it and delivered by the
-- worker, with retries.
CREATE TABLE outbox (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address    text NOT NULL,
    subject       text NOT NULL,
    body_text     text NOT NULL,
    body_html     text NOT NULL,
    state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts      integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error    text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz,
    CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE state = 'pending';

-- Captcha challenges, shared by every instance. Single use.
CREATE TABLE captchas (
    id         text PRIMARY KEY,
    digits     text NOT NULL CHECK (digits ~ '^[0-9]{4,8}$'),
    expires_at timestamptz NOT NULL
);

-- Fixed-window counters for rate limits (login, OTP, captcha, public forms), shared by every instance.
-- Keys are HMACs of what they count (an IP, a username), never the value itself.
CREATE TABLE rate_limits (
    key          text PRIMARY KEY,
    count        integer NOT NULL,
    window_start timestamptz NOT NULL,
    blocked_until timestamptz
);

-- The audit log: every decision and every view of personal data. Append-only, enforced by the database.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_kind  text NOT NULL CHECK (actor_kind IN ('publik', 'registrator', 'staf', 'sistem')),
    actor_id    bigint,
    action      text NOT NULL,
    object_type text NOT NULL DEFAULT '',
    object_id   bigint,
    ip          inet,
    detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE SEQUENCE akun_reference_seq;
