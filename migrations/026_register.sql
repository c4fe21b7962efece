-- Register Pemanfaatan Data Regsosek (internal/register): one entry per permohonan given access, published
-- on /register. The entry's facts (instansi, units, jenis data, media, wilayah, period, status) are read from
-- the permohonan itself; this table keeps what staff add: the purpose summarised for publication at the
-- decision, and whether the entry is withheld, with the reason (its machine is register.Machine).
CREATE TABLE register_entri (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    permohonan_id   bigint NOT NULL UNIQUE REFERENCES permohonan (id) ON DELETE CASCADE,
    state           text NOT NULL DEFAULT 'terbit' CHECK (state IN ('terbit', 'ditahan')),
    -- NULL for permohonan decided before the register existed, until staff write one.
    ringkasan       text CHECK (length(ringkasan) BETWEEN 30 AND 600),
    ringkasan_by    bigint REFERENCES staff (id),
    ringkasan_at    timestamptz,
    ditahan_alasan  text,
    ditahan_by      bigint REFERENCES staff (id),
    ditahan_at      timestamptz,
    updated_at      timestamptz NOT NULL,
    CHECK ((ringkasan IS NULL) = (ringkasan_at IS NULL)),
    CHECK ((state = 'ditahan') = (ditahan_alasan IS NOT NULL AND ditahan_by IS NOT NULL AND ditahan_at IS NOT NULL))
);

-- The public register lists permohonan given access, newest first.
CREATE INDEX permohonan_register_idx ON permohonan (akses_diberikan_at DESC, id DESC)
    WHERE akses_diberikan_at IS NOT NULL AND state IN ('akses_diberikan', 'berakhir', 'dicabut');

-- The name of a wilayah code as the register shows it ("Kota Bandung, Jawa Barat"), or Nasional.
CREATE FUNCTION wilayah_nama(kode text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN kode = 'nasional' THEN 'Nasional'
        WHEN kode ~ '^[0-9]{2}$' THEN (SELECT nama FROM provinsi WHERE provinsi.kode = wilayah_nama.kode)
        WHEN kode ~ '^[0-9]{2}\.[0-9]{2}$' THEN (SELECT k.nama || ', ' || p.nama FROM kabupaten_kota k JOIN provinsi p ON p.kode = k.kode_provinsi
            WHERE k.kode = wilayah_nama.kode)
        WHEN kode ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$' THEN (SELECT 'Kecamatan ' || c.nama || ', ' || k.nama FROM kecamatan c
            JOIN kabupaten_kota k ON k.kode = c.kode_kabupaten_kota WHERE c.kode = wilayah_nama.kode)
        WHEN kode ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$' THEN (SELECT initcap(replace(d.jenis, '_', ' ')) || ' ' || d.nama || ', ' || k.nama
            FROM desa_kelurahan d JOIN kecamatan c ON c.kode = d.kode_kecamatan JOIN kabupaten_kota k ON k.kode = c.kode_kabupaten_kota
            WHERE d.kode = wilayah_nama.kode)
    END
$$;
