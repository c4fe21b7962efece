-- Sessions (alexedwards/scs pgxstore) and the reference data every form uses.

CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Kemendagri region codes in their dotted form (see internal/refdata/wilayah/README.md).
CREATE TABLE provinsi (
    kode text PRIMARY KEY CHECK (kode ~ '^[0-9]{2}$'),
    nama text NOT NULL
);

CREATE TABLE kabupaten_kota (
    kode          text PRIMARY KEY CHECK (kode ~ '^[0-9]{2}\.[0-9]{2}$'),
    kode_provinsi text NOT NULL REFERENCES provinsi (kode),
    nama          text NOT NULL,
    jenis         text NOT NULL CHECK (jenis IN ('kabupaten', 'kota')),
    CHECK (left(kode, 2) = kode_provinsi)
);
CREATE INDEX kabupaten_kota_provinsi_idx ON kabupaten_kota (kode_provinsi);

CREATE TABLE kecamatan (
    kode                text PRIMARY KEY CHECK (kode ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$'),
    kode_kabupaten_kota text NOT NULL REFERENCES kabupaten_kota (kode),
    nama                text NOT NULL,
    CHECK (left(kode, 5) = kode_kabupaten_kota)
);
CREATE INDEX kecamatan_kabupaten_kota_idx ON kecamatan (kode_kabupaten_kota);

CREATE TABLE desa_kelurahan (
    kode           text PRIMARY KEY CHECK (kode ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$'),
    kode_kecamatan text NOT NULL REFERENCES kecamatan (kode),
    nama           text NOT NULL,
    jenis          text NOT NULL CHECK (jenis IN ('desa', 'kelurahan', 'desa_adat')),
    CHECK (left(kode, 8) = kode_kecamatan)
);
CREATE INDEX desa_kelurahan_kecamatan_idx ON desa_kelurahan (kode_kecamatan);

-- Kab/kota codes that changed when the Papua provinces were created in 2022; NIKs issued earlier carry them.
CREATE TABLE kabupaten_kota_kode_lama (
    kode_lama       text PRIMARY KEY CHECK (kode_lama ~ '^[0-9]{2}\.[0-9]{2}$'),
    nama_lama       text NOT NULL,
    kode            text NOT NULL REFERENCES kabupaten_kota (kode),
    nama            text NOT NULL,
    dasar_perubahan text NOT NULL
);

-- Kementerian/lembaga with their kode Bagian Anggaran (see internal/refdata/instansi/README.md).
CREATE TABLE kementerian_lembaga (
    kode_ba        text PRIMARY KEY CHECK (kode_ba ~ '^[0-9]{3}$'),
    nama           text NOT NULL,
    jenis          text NOT NULL CHECK (jenis IN ('kementerian_koordinator', 'kementerian', 'lembaga')),
    aktif          boolean NOT NULL,
    tahun_anggaran text[] NOT NULL,
    diganti_oleh   text[] NOT NULL DEFAULT '{}',
    catatan        text NOT NULL DEFAULT ''
);
