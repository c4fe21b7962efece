-- Tahap 4–6 (pedoman §3.2.5 PKS and NDA, §3.3.5 Tahap 4–6): the agreements and printed copies, Sepakat
-- accounts per approved row, PIC teknis per Fasilitas row, single-use credential links, extension requests,
-- durable background jobs, and the built-in Sepakat registry (the default provisioning adapter).

ALTER TABLE permohonan
    ADD COLUMN akses_diberikan_at timestamptz,
    -- The end in force: the decision's akses_sampai, or sooner under the six-month rule (§3.2.5 Khusus a).
    ADD COLUMN akses_berakhir     date,
    -- The six-month rule applies now: a Pemda with Sepakat access and no SK Forum Satu Data yet.
    ADD COLUMN enam_bulan         boolean NOT NULL DEFAULT false,
    -- Bumped at every change of the end (given, extended, ended): scheduled jobs of an older version do nothing.
    ADD COLUMN akses_versi        integer NOT NULL DEFAULT 0,
    ADD COLUMN warned_for         date, -- the end date whose 30-day warning was sent
    ADD COLUMN ended_at           timestamptz,
    ADD COLUMN end_reason         text CHECK (end_reason IN ('kedaluwarsa', 'enam_bulan', 'dicabut')),
    ADD COLUMN cabut_reason       text,
    -- One way only: rows written before this migration (and test fixtures) may be in these states without them.
    ADD CONSTRAINT permohonan_ended CHECK (ended_at IS NULL OR state IN ('berakhir', 'dicabut')),
    ADD CONSTRAINT permohonan_end_reason CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
    ADD CONSTRAINT permohonan_cabut_reason CHECK (cabut_reason IS NULL OR (state = 'dicabut' AND end_reason = 'dicabut'));
CREATE INDEX permohonan_akses_idx ON permohonan (state, id) WHERE state IN ('disetujui', 'menunggu_pks_nda',
    'pks_nda_diunggah', 'penyiapan_akses', 'akses_diberikan', 'berakhir');

-- PKS and NDA uploads: whether the PDF carries a digital signature (a /Sig dictionary whose /ByteRange
-- spans the file around its /Contents), shown to staff. NULL for the other documents.
ALTER TABLE permohonan_documents
    ADD COLUMN ttd_digital boolean,
    ADD COLUMN ttd_format  text NOT NULL DEFAULT '';

-- A request for printed PKS/NDA to sign by hand (Tahap 4, tanda tangan basah): a task for staff.
CREATE TABLE permintaan_cetak (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    penerima      text NOT NULL CHECK (length(penerima) BETWEEN 1 AND 150),
    alamat        text NOT NULL CHECK (length(alamat) BETWEEN 10 AND 500),
    phone         text NOT NULL CHECK (phone ~ '^\+628[0-9]{7,11}$'),
    requested_by  bigint NOT NULL REFERENCES pejabat (id),
    requested_at  timestamptz NOT NULL,
    state         text NOT NULL CHECK (state IN ('diminta', 'dikirim')),
    handled_by    bigint REFERENCES staff (id),
    handled_at    timestamptz,
    catatan       text NOT NULL DEFAULT '',
    CHECK ((state = 'dikirim') = (handled_at IS NOT NULL AND handled_by IS NOT NULL))
);
CREATE UNIQUE INDEX permintaan_cetak_one_open ON permintaan_cetak (permohonan_id) WHERE state = 'diminta';

-- One Sepakat account per approved Sepakat row (Tahap 6), scoped to the row's wilayah and approved tier.
-- The password is kept encrypted (the registrator may see it, every view audited); a re-issued one waits
-- in password_baru_* until the adapter has set it.
CREATE TABLE akses_akun (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id        bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    row_id               bigint NOT NULL UNIQUE REFERENCES permohonan_rows (id) ON DELETE CASCADE,
    username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9.]{2,47}$'),
    wilayah              text NOT NULL,
    jenis_data           text NOT NULL CHECK (jenis_data IN ('agregat_terpilah', 'mikro', 'bnba')),
    berlaku_sampai       date NOT NULL,
    password_enc         bytea NOT NULL,
    password_key_id      text NOT NULL,
    password_gen         integer NOT NULL DEFAULT 1 CHECK (password_gen > 0),
    password_baru_enc    bytea,
    password_baru_key_id text,
    password_baru_seq    integer NOT NULL DEFAULT 0, -- counts re-issues; names the job that sets the new one
    state                text NOT NULL CHECK (state IN ('disiapkan', 'aktif', 'gagal', 'berakhir', 'dicabut')),
    external_id          text,
    last_error           text,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    provisioned_at       timestamptz,
    CHECK ((password_baru_enc IS NULL) = (password_baru_key_id IS NULL)),
    CHECK (state <> 'gagal' OR last_error IS NOT NULL),
    CHECK (state NOT IN ('aktif', 'berakhir') OR provisioned_at IS NOT NULL)
);
CREATE INDEX akses_akun_permohonan_idx ON akses_akun (permohonan_id, id);

-- The PIC teknis and the agreed schedule of a Fasilitas row (Tahap 5–6).
CREATE TABLE akses_fasilitas (
    row_id         bigint PRIMARY KEY REFERENCES permohonan_rows (id) ON DELETE CASCADE,
    permohonan_id  bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    pic_nama       text NOT NULL CHECK (length(pic_nama) BETWEEN 1 AND 150),
    pic_phone      text NOT NULL CHECK (pic_phone ~ '^\+628[0-9]{7,11}$'),
    pic_email      text NOT NULL DEFAULT '',
    jadwal_mulai   date NOT NULL,
    jadwal_selesai date NOT NULL,
    tempat         text NOT NULL DEFAULT '',
    updated_by     bigint NOT NULL REFERENCES staff (id),
    updated_at     timestamptz NOT NULL,
    CHECK (jadwal_selesai >= jadwal_mulai)
);

-- Single-use links that show an operator their credentials once, valid 7 days; stored as HMACs. One link
-- per password: a re-issue (a new password) supersedes the open one.
CREATE TABLE akses_tautan (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    akun_id       bigint NOT NULL REFERENCES akses_akun (id) ON DELETE CASCADE,
    token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    password_gen  integer NOT NULL,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    superseded_at timestamptz,
    created_at    timestamptz NOT NULL,
    UNIQUE (akun_id, password_gen)
);
CREATE UNIQUE INDEX akses_tautan_one_open ON akses_tautan (akun_id) WHERE used_at IS NULL AND superseded_at IS NULL;

-- "Perpanjangan": the registrator asks to extend access in force; the produsen data decides.
CREATE TABLE perpanjangan (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id    bigint NOT NULL REFERENCES permohonan (id) ON DELETE CASCADE,
    sampai_diminta   date NOT NULL,
    alasan           text NOT NULL CHECK (length(alasan) BETWEEN 10 AND 2000),
    requested_by     bigint NOT NULL REFERENCES pejabat (id),
    requested_at     timestamptz NOT NULL,
    state            text NOT NULL CHECK (state IN ('diajukan', 'disetujui', 'ditolak')),
    sampai_disetujui date,
    decided_by       bigint REFERENCES staff (id),
    decided_at       timestamptz,
    reject_reason    text,
    CHECK ((state = 'diajukan') = (decided_at IS NULL)),
    CHECK ((state = 'disetujui') = (sampai_disetujui IS NOT NULL)),
    CHECK ((state = 'ditolak') = (reject_reason IS NOT NULL))
);
CREATE UNIQUE INDEX perpanjangan_one_open ON perpanjangan (permohonan_id) WHERE state = 'diajukan';

-- Durable background jobs, enqueued in the transaction of the change that causes them and claimed with
-- FOR UPDATE SKIP LOCKED, so each runs once however many instances poll. A claimed job holds a lease: if
-- its run dies, the lease runs out and another run takes it over. unique_key makes enqueueing idempotent
-- and is the idempotency key sent to the Sepakat adapter, so a retried run replays rather than repeats.
CREATE TABLE jobs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('akun_buat', 'akun_perpanjang', 'akun_cabut', 'akun_kata_sandi',
                     'akses_peringatan', 'akses_berakhir')),
    unique_key   text NOT NULL UNIQUE,
    args         jsonb NOT NULL DEFAULT '{}',
    state        text NOT NULL DEFAULT 'available' CHECK (state IN ('available', 'running', 'completed', 'failed', 'cancelled')),
    attempt      integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 10 CHECK (max_attempts > 0),
    run_at       timestamptz NOT NULL,
    lease_until  timestamptz,
    last_error   text,
    created_at   timestamptz NOT NULL,
    finalized_at timestamptz,
    CHECK ((state = 'running') = (lease_until IS NOT NULL)),
    CHECK ((state IN ('completed', 'failed', 'cancelled')) = (finalized_at IS NOT NULL))
);
CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE state = 'available';
CREATE INDEX jobs_lease_idx ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_akun_idx ON jobs (((args->>'akun_id')::bigint)) WHERE args ? 'akun_id';
CREATE INDEX jobs_permohonan_idx ON jobs (((args->>'permohonan_id')::bigint)) WHERE args ? 'permohonan_id';

-- The built-in Sepakat registry: the default adapter creates and keeps the accounts here. Passwords are
-- argon2id hashes, as for any login store; each idempotency key is recorded so a replay changes nothing.
CREATE TABLE sepakat_registry (
    username       text PRIMARY KEY,
    password_hash  text NOT NULL,
    wilayah        text NOT NULL,
    jenis_data     text NOT NULL,
    tingkat        integer NOT NULL CHECK (tingkat BETWEEN 2 AND 4),
    berlaku_sampai date NOT NULL,
    instansi       text NOT NULL,
    pengguna       text NOT NULL,
    state          text NOT NULL CHECK (state IN ('aktif', 'dicabut')),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE TABLE sepakat_registry_requests (
    idempotency_key text PRIMARY KEY,
    operation       text NOT NULL,
    username        text NOT NULL,
    at              timestamptz NOT NULL
);
