package store_test

import (
	"fmt"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/store"
)

// Fixtures of the machines of the register and the API: an entry of the Register Pemanfaatan Data, and an
// API key.

func (f *rowFixtures) registerEntri(t *testing.T, _ *store.Store, state string) int64 {
	p, _ := f.newPermohonan(t)
	id := f.insert(t, `INSERT INTO register_entri (permohonan_id, ringkasan, ringkasan_by, ringkasan_at, updated_at)
		VALUES ($1, 'Pemutakhiran sasaran program perlindungan sosial daerah.', $2, now(), now()) RETURNING id`, p, f.staff)
	if state != "terbit" {
		setState(t, f.st, "register_entri", id, state, f.registerEntriCols(state))
	}
	return id
}

func (f *rowFixtures) registerEntriCols(state string) []store.Set {
	held := state == "ditahan"
	return []store.Set{{Col: "ditahan_alasan", Val: when(held, "alasan uji penahanan")}, {Col: "ditahan_by", Val: when(held, f.staff)},
		{Col: "ditahan_at", Val: when(held, f.now)}}
}

func (f *rowFixtures) apiKunci(t *testing.T, _ *store.Store, state string) int64 {
	f.seq++
	id := f.insert(t, `INSERT INTO api_kunci (nama, petunjuk, token_hash, cakupan, batas_per_menit, dibuat_by, dibuat_at)
		VALUES ($1, 'rgsk_uji…', decode(lpad(to_hex($2::int), 64, '0'), 'hex'), '{hak_akses}', 60, $3, now()) RETURNING id`,
		fmt.Sprintf("Kunci uji %d", f.seq), f.seq, f.staff)
	if state != "aktif" {
		setState(t, f.st, "api_kunci", id, state, f.apiKunciCols(state))
	}
	return id
}

func (f *rowFixtures) apiKunciCols(state string) []store.Set {
	gone := state == "dicabut"
	return []store.Set{{Col: "dicabut_by", Val: when(gone, f.staff)}, {Col: "dicabut_at", Val: when(gone, f.now)},
		{Col: "dicabut_alasan", Val: when(gone, "alasan uji pencabutan")}}
}

func (f *rowFixtures) surveiUndangan(t *testing.T, _ *store.Store, state string) int64 {
	f.seq++
	id := f.insert(t, `INSERT INTO survei_undangan (layanan, subjek_id, token_hash, created_at, expires_at)
		VALUES ('pengaduan', $1::bigint, decode(lpad(to_hex($1::int), 64, 'a'), 'hex'), now(), now() + interval '60 days') RETURNING id`, f.seq)
	if state != "terbuka" {
		setState(t, f.st, "survei_undangan", id, state, nil)
	}
	return id
}

func (f *rowFixtures) surveiUndanganCols(string) []store.Set { return nil }
