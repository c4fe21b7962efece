-- The changes feed of the machine API (/api/v1/perubahan), one row per change of an entitlement: a Sepakat
-- account (akses_akun) becoming active (given, or a replacing operator's account), its end moved while active
-- or re-opened (extended: the whole permohonan or its row alone), or leaving active (revoked, ended, replaced
-- by a new operator). Since issue 13 each account moves on its own, by several paths (the row's machine, the
-- whole permohonan's extension, the Sepakat jobs); the trigger below records each change in the transaction
-- that makes it, whichever path, so the feed can miss none and needs no code of its own in those paths. It
-- writes no state: it only appends. xid orders the feed (see Store.Changes).
CREATE TABLE hak_akses_perubahan (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid            xid8 NOT NULL DEFAULT pg_current_xact_id(),
    at             timestamptz NOT NULL,
    akses_akun_id  bigint NOT NULL REFERENCES akses_akun (id),
    jenis          text NOT NULL CHECK (jenis IN ('akses_diberikan', 'akses_diperpanjang', 'akses_diubah', 'akses_dicabut', 'akses_berakhir',
                                                  'operator_diganti')),
    berlaku_sampai date NOT NULL
);
CREATE INDEX hak_akses_perubahan_feed_idx ON hak_akses_perubahan (xid, id);

CREATE FUNCTION hak_akses_perubahan_catat() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text;
BEGIN
    IF NEW.state = 'aktif' AND OLD.state = 'berakhir' THEN
        kind := 'akses_diperpanjang'; -- re-opened under the six-month rule (§3.2.5 Khusus)
    ELSIF NEW.state = 'aktif' AND OLD.state <> 'aktif' THEN
        kind := 'akses_diberikan';
    ELSIF NEW.state = 'aktif' AND NEW.berlaku_sampai > OLD.berlaku_sampai THEN
        kind := 'akses_diperpanjang';
    ELSIF NEW.state = 'aktif' AND NEW.berlaku_sampai < OLD.berlaku_sampai THEN
        kind := 'akses_diubah';
    ELSIF OLD.state = 'aktif' AND NEW.state <> 'aktif' THEN
        kind := CASE NEW.state WHEN 'dicabut' THEN 'akses_dicabut' WHEN 'berakhir' THEN 'akses_berakhir' WHEN 'diganti' THEN 'operator_diganti' END;
    END IF;
    IF kind IS NOT NULL THEN
        INSERT INTO hak_akses_perubahan (at, akses_akun_id, jenis, berlaku_sampai)
        VALUES (coalesce(NEW.ended_at, NEW.updated_at), NEW.id, kind, NEW.berlaku_sampai);
    END IF;
    RETURN NULL;
END $$;

-- An account is inserted "disiapkan" and becomes active only when Sepakat has made it: updates suffice.
CREATE TRIGGER akses_akun_perubahan AFTER UPDATE OF state, berlaku_sampai ON akses_akun
    FOR EACH ROW EXECUTE FUNCTION hak_akses_perubahan_catat();

-- The accounts Sepakat made before this migration: their grant, and the end of those that ended, so a client
-- starting from the beginning of the feed learns them.
INSERT INTO hak_akses_perubahan (at, akses_akun_id, jenis, berlaku_sampai)
SELECT provisioned_at, id, 'akses_diberikan', berlaku_sampai FROM akses_akun WHERE provisioned_at IS NOT NULL ORDER BY provisioned_at, id;
INSERT INTO hak_akses_perubahan (at, akses_akun_id, jenis, berlaku_sampai)
SELECT ended_at, id, CASE state WHEN 'dicabut' THEN 'akses_dicabut' WHEN 'berakhir' THEN 'akses_berakhir' ELSE 'operator_diganti' END, berlaku_sampai
FROM akses_akun WHERE provisioned_at IS NOT NULL AND ended_at IS NOT NULL ORDER BY ended_at, id;
