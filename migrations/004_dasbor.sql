-- Dasbor Nasional (pedoman §1.8, Gambar 1.1): versioned releases of aggregate figures (indicator × wilayah ×
-- breakdown), published by an admin. Tier 1 stops at province level: wilayah is '00' (Nasional) or a province.

CREATE TABLE dasbor_rilis (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    versi        integer NOT NULL UNIQUE CHECK (versi > 0),
    judul        text NOT NULL CHECK (length(judul) BETWEEN 1 AND 200),
    sumber       text NOT NULL CHECK (length(sumber) BETWEEN 1 AND 200),
    sintetis     boolean NOT NULL,
    -- draf: uploaded and valid, waiting for "Terbitkan"; terbit: the one the public sees; arsip: was
    -- published before and can be restored.
    state        text NOT NULL CHECK (state IN ('draf', 'terbit', 'arsip')),
    berkas       text[] NOT NULL DEFAULT '{}', -- names of the uploaded files, for the list
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   bigint REFERENCES staff (id), -- NULL when made by `portal seed --synthetic`
    published_at timestamptz,
    published_by bigint REFERENCES staff (id),
    CHECK ((state = 'draf') = (published_at IS NULL))
);
-- At most one release is public at a time.
CREATE UNIQUE INDEX dasbor_rilis_one_published ON dasbor_rilis ((true)) WHERE state = 'terbit';

CREATE TABLE dasbor_nilai (
    rilis_id  bigint NOT NULL REFERENCES dasbor_rilis (id) ON DELETE CASCADE,
    indikator text NOT NULL CHECK (indikator ~ '^[a-z_]{1,64}$'),
    wilayah   text NOT NULL CHECK (wilayah ~ '^[0-9]{2}$'), -- '00' or a code of provinsi
    rincian   text NOT NULL DEFAULT '',
    nilai     bigint NOT NULL CHECK (nilai >= 0),
    -- How many families the figure is built from; disclosure control withholds figures built from too few.
    keluarga  bigint NOT NULL CHECK (keluarga >= 0),
    PRIMARY KEY (rilis_id, indikator, wilayah, rincian)
);
