package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// seedInState writes a complete permohonan straight into a state, with two rows and every document.
func seedInState(t *testing.T, p *servertest.Portal, akunID, docID int64, state request.State, n int) int64 {
	t.Helper()
	ctx := context.Background()
	submitted := state != request.Draft
	review := state == request.Diajukan || state == request.TerverifikasiTeknis || state == request.MenungguKeputusan
	decided := map[request.State]bool{request.Disetujui: true, request.Ditolak: true, request.MenungguPKSNDA: true, request.PKSNDADiunggah: true,
		request.PenyiapanAkses: true, request.AksesDiberikan: true, request.Berakhir: true, request.Dicabut: true}[state]
	var id int64
	err := p.Store.Pool.QueryRow(ctx, `INSERT INTO permohonan (akun_id, reference, state, cakupan_wilayah, narahubung_nama, narahubung_jabatan,
			narahubung_nip, narahubung_email, narahubung_phone, forum_satu_data, header_saved, submitted_at, due_at, decided_at, reject_reason, withdraw_reason)
		VALUES ($1, $2, $3, '32.73', 'Siti Aminah', 'Kepala', '197001012000031002', 'siti@bandung.go.id', '+6281211112222', 'ya', true,
			CASE WHEN $4 THEN now() END, CASE WHEN $5 THEN now() + interval '5 days' END, CASE WHEN $6 THEN now() END,
			CASE WHEN $3 = 'ditolak' THEN 'uji' END, CASE WHEN $3 = 'ditarik' THEN 'uji' END) RETURNING id`,
		akunID, fmt.Sprintf("M-%s-%d", state, n), state, submitted, review, decided).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Store.Pool.Exec(ctx, `INSERT INTO permohonan_rows (permohonan_id, pengguna_jenis, pengguna, tujuan, jenis_data, media,
			operator_nama, operator_jabatan, operator_nip, operator_email, operator_phone, penggunaan, periode_mulai, periode_bulan,
			olah_data, olah_data_keterangan)
		VALUES ($1, 'opd', 'Dinas Kesehatan', 'Perencanaan layanan kesehatan dasar', 'mikro', 'fasilitas', '', '', '', '', '',
		        'sekali_pakai', '2026-01-01', 60, false, ''),
		       ($1, 'opd', 'Dinas Pendidikan', 'Perencanaan sekolah dasar baru', 'agregat_terpilah', 'sepakat', 'Operator', 'Analis',
		        '198001012005011003', 'op@bandung.go.id', '+6281322223333', 'berkelanjutan', '2026-01-01', 60, true, 'Mengolah data Dapodik.')`, id)
	if err != nil {
		t.Fatal(err)
	}
	// The Sepakat operator's training certificate (Kapasitas, Tabel 3.1).
	_, err = p.Store.Pool.Exec(ctx, `INSERT INTO operator_pelatihan (row_id, permohonan_id, jenis, document_id, recorded_by, recorded_at)
		SELECT r.id, r.permohonan_id, 'sertifikat', $2, (SELECT id FROM pejabat WHERE akun_id = $3 AND state = 'aktif'), now()
		FROM permohonan_rows r WHERE r.permohonan_id = $1 AND r.media = 'sepakat'`, id, docID, akunID)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"surat_permohonan", "kak", "sk_operator", "surat_pernyataan", "sk_forum_satu_data"} {
		if _, err := p.Store.Pool.Exec(ctx, "INSERT INTO permohonan_documents (permohonan_id, kind, document_id) VALUES ($1, $2, $3)", id, kind, docID); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

type matrixAction struct {
	name   string
	path   func(id int64) string
	form   func(t *testing.T, p *servertest.Portal, id int64) map[string][]string
	allows func(s request.State, role string) bool
}

func staffAction(path string, form func(t *testing.T, p *servertest.Portal, id int64) map[string][]string, state request.State, role string) matrixAction {
	return matrixAction{name: path, path: func(id int64) string { return "/petugas/permohonan/" + strconv.FormatInt(id, 10) + path },
		form: form, allows: func(s request.State, r string) bool { return s == state && r == role }}
}

// Every (state, action, role): the allowed moves succeed; every other is refused with 403 or 409 and
// changes nothing — state, timeline, audit log and outbox stay as they were.
func TestReviewMatrix(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	ctx := context.Background()
	now := time.Now()
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	var docID int64
	err := pgxTx(p, func(tx pgxTxT) error {
		d, err := p.Store.PutDocument(ctx, tx, dokumen.Dokumen, "dok.pdf", bytes.NewReader(servertest.PDF(t, "dok")), nil)
		docID = d.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	direktur := p.CreateStaff(t, "direktur.matrix", account.RoleDirekturPengampu)
	staffRoles := []account.Role{account.RoleVerifikatorTeknis, account.RoleVerifikatorSubstansi, account.RoleProdusenData,
		account.RoleDirekturPengampu, account.RoleOperatorSepakat, account.RoleAdmin, account.RoleVerifikatorAkun, account.RolePengelolaLayanan}
	clients := map[string]*webtest.Client{"registrator": p.Login(t, reg.Username, servertest.RegistratorPassword)}
	staffIDs := map[string]int64{}
	for _, role := range staffRoles {
		st := p.CreateStaff(t, "m."+string(role), role)
		staffIDs[string(role)] = st.ID
		clients[string(role)] = staffLogin(t, p, st, now)
	}
	reviewStates := map[request.State]bool{request.Diajukan: true, request.TerverifikasiTeknis: true, request.MenungguKeputusan: true}
	stageRole := map[request.State]string{request.Diajukan: "verifikator_teknis", request.TerverifikasiTeknis: "verifikator_substansi",
		request.MenungguKeputusan: "produsen_data"}
	decision := func(t *testing.T, p *servertest.Portal, id int64) map[string][]string {
		f := map[string][]string{"aksi": {"putuskan"}, "akses_sampai": {now.AddDate(0, 3, 0).Format("2006-01-02")}, "ringkasan_publik": {servertest.Ringkasan}}
		for _, r := range rowIDs(t, p, id) {
			f["baris_"+strconv.FormatInt(r, 10)] = []string{"setuju"}
			f["baris_"+strconv.FormatInt(r, 10)+"_jenis"] = []string{"agregat_terpilah"}
			f["baris_"+strconv.FormatInt(r, 10)+"_alasan"] = []string{"Cukup agregat terpilah."}
		}
		return f
	}
	values := func(kv ...string) func(*testing.T, *servertest.Portal, int64) map[string][]string {
		return func(*testing.T, *servertest.Portal, int64) map[string][]string { return webtest.Values(kv...) }
	}
	teknisOK := func(t *testing.T, p *servertest.Portal, id int64) map[string][]string {
		f := teknisForm(t, p, id, "lanjut", nil)
		f["dokumen_sk_forum_satu_data"] = []string{"sesuai"}
		return f
	}
	teknisBack := func(t *testing.T, p *servertest.Portal, id int64) map[string][]string {
		f := teknisForm(t, p, id, "belum_sesuai", map[string]string{"dokumen_kak": "Belum ditandatangani."})
		f["dokumen_sk_forum_satu_data"] = []string{"sesuai"}
		return f
	}
	substansiBack := func(t *testing.T, p *servertest.Portal, id int64) map[string][]string {
		f := substansiForm(t, p, id, "belum_sesuai")
		r := rowIDs(t, p, id)[0]
		f["baris_"+strconv.FormatInt(r, 10)+"_tujuan"] = []string{"belum_sesuai"}
		f["baris_"+strconv.FormatInt(r, 10)+"_tujuan_catatan"] = []string{"Tujuan kurang rinci."}
		return f
	}
	actions := []matrixAction{
		{name: "ajukan", path: func(id int64) string { return "/permohonan/" + strconv.FormatInt(id, 10) + "/ajukan" },
			form: values(), allows: func(s request.State, r string) bool { return r == "registrator" && s.Editable() }},
		{name: "tarik", path: func(id int64) string { return "/permohonan/" + strconv.FormatInt(id, 10) + "/tarik" },
			form: values("alasan", "Kebutuhan sudah terpenuhi dari sumber lain."), allows: func(s request.State, r string) bool {
				_, err := request.Next(s, request.Tarik, account.RoleRegistrator)
				return r == "registrator" && err == nil
			}},
		{name: "ambil", path: func(id int64) string { return "/petugas/permohonan/" + strconv.FormatInt(id, 10) + "/ambil" },
			form: values(), allows: func(s request.State, r string) bool { return reviewStates[s] && stageRole[s] == r }},
		{name: "alihkan", path: func(id int64) string { return "/petugas/permohonan/" + strconv.FormatInt(id, 10) + "/alihkan" },
			form: nil, allows: func(s request.State, r string) bool { return reviewStates[s] && (r == "produsen_data" || r == "admin") }},
		staffAction("/verifikasi-teknis", teknisOK, request.Diajukan, "verifikator_teknis"),
		staffAction("/verifikasi-teknis#kembali", teknisBack, request.Diajukan, "verifikator_teknis"),
		staffAction("/verifikasi-substansi", func(t *testing.T, p *servertest.Portal, id int64) map[string][]string {
			return substansiForm(t, p, id, "lanjut")
		}, request.TerverifikasiTeknis, "verifikator_substansi"),
		staffAction("/verifikasi-substansi#kembali", substansiBack, request.TerverifikasiTeknis, "verifikator_substansi"),
		// The verifikator substansi asks for a rekomendasi in the substantive review; the produsen data while deciding.
		{name: "/rekomendasi", path: func(id int64) string { return "/petugas/permohonan/" + strconv.FormatInt(id, 10) + "/rekomendasi" },
			form: values("direktur", strconv.FormatInt(direktur.ID, 10), "pertanyaan", "Mohon rekomendasi atas kewenangan ini."),
			allows: func(s request.State, r string) bool {
				return (s == request.TerverifikasiTeknis && r == "verifikator_substansi") || (s == request.MenungguKeputusan && r == "produsen_data")
			}},
		staffAction("/keputusan", decision, request.MenungguKeputusan, "produsen_data"),
		staffAction("/keputusan#tolak", values("aksi", "tolak_semua", "alasan", "Tujuan tidak sesuai kewenangan."), request.MenungguKeputusan, "produsen_data"),
	}
	for i := range actions {
		if i >= 4 {
			a := &actions[i]
			base := a.path
			a.path = func(id int64) string {
				u := base(id)
				for j := range u {
					if u[j] == '#' {
						return u[:j]
					}
				}
				return u
			}
		}
	}
	reassignForm := func(s request.State) map[string][]string {
		return webtest.Values("petugas", strconv.FormatInt(staffIDs[stageRole[s]], 10))
	}
	snapshot := func(id int64) string {
		var state string
		var ev, au, ob int
		err := p.Store.Pool.QueryRow(ctx, `SELECT state,
			(SELECT count(*) FROM permohonan_events WHERE permohonan_id = $1),
			(SELECT count(*) FROM audit_log WHERE object_type = 'permohonan' AND object_id = $1),
			(SELECT count(*) FROM outbox) FROM permohonan WHERE id = $1`, id).Scan(&state, &ev, &au, &ob)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%s/%d/%d/%d", state, ev, au, ob)
	}
	refused := map[request.State]int64{}
	n := 0
	allowedCount, refusedCount := 0, 0
	for _, state := range request.AllStates {
		n++
		refused[state] = seedInState(t, p, reg.AkunID, docID, state, n)
		for _, a := range actions {
			for _, role := range append([]string{"registrator"}, func() []string {
				var out []string
				for _, r := range staffRoles {
					out = append(out, string(r))
				}
				return out
			}()...) {
				id := refused[state]
				allowed := a.allows(state, role)
				if allowed {
					n++
					id = seedInState(t, p, reg.AkunID, docID, state, n)
				}
				var f map[string][]string
				if a.form != nil {
					f = a.form(t, p, id)
				} else {
					f = reassignForm(state)
				}
				before := snapshot(id)
				r := clients[role].PostForm(a.path(id), f)
				after := snapshot(id)
				name := fmt.Sprintf("%s --%s/%s", state, a.name, role)
				if allowed {
					allowedCount++
					if r.Status != http.StatusSeeOther {
						t.Errorf("%s: allowed but got %d: %.300s", name, r.Status, between(r.Body, "<main", "</main>"))
					}
					continue
				}
				refusedCount++
				if r.Status != http.StatusForbidden && r.Status != http.StatusConflict {
					t.Errorf("%s: got %d, want 403 or 409", name, r.Status)
				}
				if before != after {
					t.Errorf("%s: refused but changed %s -> %s", name, before, after)
				}
			}
		}
	}
	t.Logf("%d allowed and %d refused combinations checked", allowedCount, refusedCount)
}
