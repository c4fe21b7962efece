package server_test

import (
	"cmp"
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/servertest"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// The staff lists of issue 15: search by nomor, instansi, registrator and operator; filters; sorting; keyset
// paging over more rows than a page; counts; downloads read back; queries that do not grow with the rows.

// listPortal is a portal loaded with the national data set at a small size (every province, kab/kota and K/L
// with an akun; permohonan in every state; bimtek; pengaduan) and a staff member holding every role.
func listPortal(t *testing.T, permohonan, bimtek, pengaduan int) (*servertest.Portal, servertest.Staff, *webtest.Client) {
	t.Helper()
	p := servertest.New(t)
	staff := p.CreateStaff(t, "petugas.daftar", account.AllRoles...)
	_, err := p.Store.SeedNasional(context.Background(), store.NasionalOptions{Permohonan: permohonan, Bimtek: bimtek, Pengaduan: pengaduan,
		Audit: 10, PasswordHash: "tidak-dipakai", StaffID: staff.ID, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return p, staff, staffLogin(t, p, staff, time.Now())
}

// search sends a list's filter form and returns the list's address, checking the text is not in it.
func search(t *testing.T, c *webtest.Client, path, q string, extra ...string) string {
	t.Helper()
	r := c.PostForm(path, webtest.Values(append([]string{"q", q}, extra...)...))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, path+"?") {
		t.Fatalf("search %s %q: %d to %q", path, q, r.Status, r.Location)
	}
	if strings.Contains(r.Location, url.QueryEscape(q)) || strings.Contains(r.Location, q) {
		t.Fatalf("the searched text is in the address %q", r.Location)
	}
	return r.Location
}

var (
	// A row is its link, or for a draft (which staff do not open) its reference.
	rowLink  = regexp.MustCompile(`<a href="([^"]+)">Lihat<span class="visually-hidden">|data-draf="([^"]+)"`)
	nextLink = regexp.MustCompile(`<a href="([^"]+)" rel="next"`)
	prevLink = regexp.MustCompile(`<a href="([^"]+)" rel="prev"`)
	countRe  = regexp.MustCompile(`data-testid="list-count"><strong>([0-9.]+) `)
)

// listed is what one page of a list shows: the links of its rows, its count, and its pager.
type listed struct {
	rows       []string
	count      int
	next, prev string
}

func readList(t *testing.T, c *webtest.Client, u string) listed {
	t.Helper()
	r := c.Get(u)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %.400s", u, r.Status, r.Body)
	}
	var l listed
	for _, m := range rowLink.FindAllStringSubmatch(r.Body, -1) {
		l.rows = append(l.rows, html.UnescapeString(m[1]+m[2]))
	}
	m := countRe.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("%s shows no count", u)
	}
	l.count, _ = strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
	if m := nextLink.FindStringSubmatch(r.Body); m != nil {
		l.next = html.UnescapeString(m[1])
	}
	if m := prevLink.FindStringSubmatch(r.Body); m != nil {
		l.prev = html.UnescapeString(m[1])
	}
	return l
}

// walk follows "Berikutnya" from u to the last page and returns every row, checking none repeats, that the
// count is the number of rows, and that "Sebelumnya" from the second page gives the first page back.
func walk(t *testing.T, c *webtest.Client, u string) ([]string, int) {
	t.Helper()
	first := readList(t, c, u)
	all, pages := first.rows, 1
	for l := first; l.next != ""; {
		next := readList(t, c, l.next)
		pages++
		if pages == 2 && next.prev != "" {
			if back := readList(t, c, next.prev); !slices.Equal(back.rows, first.rows) {
				t.Errorf("%s: the previous page of page 2 is not page 1", u)
			}
		}
		all = append(all, next.rows...)
		l = next
		if pages > 200 {
			t.Fatal("paging does not end")
		}
	}
	seen := map[string]bool{}
	for _, r := range all {
		if seen[r] {
			t.Errorf("%s: %s on two pages", u, r)
		}
		seen[r] = true
	}
	if len(all) != first.count {
		t.Errorf("%s: %d rows over %d pages, the count says %d", u, len(all), pages, first.count)
	}
	return all, pages
}

func TestRegisterSearchFiltersSortingAndPaging(t *testing.T) {
	t.Parallel()
	p, staff, c := listPortal(t, 180, 0, 0)
	ctx := context.Background()
	rows, pages := walk(t, c, "/petugas/permohonan")
	if len(rows) != 180 || pages != 4 {
		t.Errorf("register: %d rows on %d pages, want 180 on 4", len(rows), pages)
	}

	// Sorted by nomor, ascending then descending, across pages.
	refs := func(u string) []string {
		var out []string
		for l := readList(t, c, u); ; l = readList(t, c, l.next) {
			out = append(out, l.rows...)
			if l.next == "" {
				break
			}
		}
		return out
	}
	idRef := map[string]string{}
	listRefs, err := p.Store.Pool.Query(ctx, "SELECT id, reference FROM permohonan")
	if err != nil {
		t.Fatal(err)
	}
	for listRefs.Next() {
		var id int64
		var ref string
		if err := listRefs.Scan(&id, &ref); err != nil {
			t.Fatal(err)
		}
		idRef["/petugas/permohonan/"+strconv.FormatInt(id, 10)] = ref
	}
	listRefs.Close()
	asc := refs("/petugas/permohonan?urut=nomor&arah=naik")
	desc := refs("/petugas/permohonan?urut=nomor&arah=turun")
	ascRefs := make([]string, len(asc))
	for i, h := range asc {
		ascRefs[i] = cmp.Or(idRef[h], h) // a draft's row is its reference
	}
	if len(asc) != 180 || !slices.IsSorted(ascRefs) {
		t.Errorf("sorted by nomor: %d rows, sorted %v", len(asc), slices.IsSorted(ascRefs))
	}
	slices.Reverse(desc)
	if !slices.Equal(asc, desc) {
		t.Error("descending order is not the ascending order reversed")
	}

	// Filters, each against the database's own count.
	now := time.Now()
	if _, err := p.Store.Pool.Exec(ctx, `UPDATE permohonan SET assignee_id = $1, assigned_at = now() WHERE id IN
		(SELECT id FROM permohonan WHERE state = 'diajukan' ORDER BY id LIMIT 2)`, staff.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store.Pool.Exec(ctx, `UPDATE permohonan SET due_at = $1 WHERE id IN
		(SELECT id FROM permohonan WHERE state = 'terverifikasi_teknis' ORDER BY id LIMIT 1)`, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ query, sql string }{
		{"status=ditolak", "SELECT count(*) FROM permohonan WHERE state = 'ditolak'"},
		{"kategori=provinsi", "SELECT count(*) FROM permohonan p JOIN akun a ON a.id = p.akun_id WHERE a.kategori = 'provinsi'"},
		{"provinsi=32", "SELECT count(*) FROM permohonan p JOIN akun a ON a.id = p.akun_id WHERE a.kategori <> 'pusat' AND a.instansi_kode LIKE '32%'"},
		{"tingkat=4", "SELECT count(*) FROM permohonan p WHERE EXISTS (SELECT 1 FROM permohonan_rows r WHERE r.permohonan_id = p.id AND r.jenis_data = 'bnba')"},
		{"media=fasilitas", "SELECT count(*) FROM permohonan p WHERE EXISTS (SELECT 1 FROM permohonan_rows r WHERE r.permohonan_id = p.id AND r.media = 'fasilitas')"},
		{"saya=ya", "SELECT count(*) FROM permohonan WHERE assignee_id = " + strconv.FormatInt(staff.ID, 10)},
		{"lewat=ya", "SELECT count(*) FROM permohonan WHERE state IN ('diajukan', 'terverifikasi_teknis', 'menunggu_keputusan') AND due_at < now()"},
		{"status=akses_diberikan&kategori=kabupaten_kota&tingkat=3", `SELECT count(*) FROM permohonan p JOIN akun a ON a.id = p.akun_id
			WHERE p.state = 'akses_diberikan' AND a.kategori = 'kabupaten_kota' AND (SELECT max(CASE r.jenis_data WHEN 'bnba' THEN 4
			WHEN 'mikro' THEN 3 ELSE 2 END) FROM permohonan_rows r WHERE r.permohonan_id = p.id) = 3`},
	} {
		want := count(t, p, f.sql)
		if got, _ := walk(t, c, "/petugas/permohonan?"+f.query); len(got) != want || want == 0 {
			t.Errorf("filter %s: %d rows, the database has %d", f.query, len(got), want)
		}
	}

	// Search: by nomor, instansi, registrator and operator, across every state.
	var ref, instansi string
	var akunID int64
	if err := p.Store.Pool.QueryRow(ctx, `SELECT p.reference, a.instansi_nama, a.id FROM permohonan p JOIN akun a ON a.id = p.akun_id
		WHERE a.kategori = 'kabupaten_kota' ORDER BY p.id LIMIT 1`).Scan(&ref, &instansi, &akunID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store.Pool.Exec(ctx, "UPDATE pejabat SET nama = 'Registrator Penelusuran Khusus' WHERE akun_id = $1", akunID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store.Pool.Exec(ctx, `UPDATE permohonan_rows SET operator_nama = 'Operator Penelusuran Khusus' WHERE id =
		(SELECT min(id) FROM permohonan_rows WHERE media = 'sepakat' AND permohonan_id = (SELECT max(id) FROM permohonan))`); err != nil {
		t.Fatal(err)
	}
	ofAkun := count(t, p, "SELECT count(*) FROM permohonan WHERE akun_id = $1", akunID)
	for _, s := range []struct {
		q    string
		want int
	}{
		{ref, 1}, {strings.ToLower(ref[len(ref)-6:]), 1}, {strings.TrimPrefix(instansi, "Pemerintah "), ofAkun},
		{"penelusuran khusus", ofAkun + 1}, {"Operator Penelusuran", 1}, {"tidak ada yang seperti ini", 0},
	} {
		u := search(t, c, "/petugas/permohonan", s.q)
		if got, _ := walk(t, c, u); len(got) != s.want {
			t.Errorf("search %q: %d rows, want %d", s.q, len(got), s.want)
		}
	}
	// A search keeps the other filters, and the filters keep the search.
	u := search(t, c, "/petugas/permohonan", strings.TrimPrefix(instansi, "Pemerintah "), "status", "draft")
	want := count(t, p, "SELECT count(*) FROM permohonan WHERE akun_id = $1 AND state = 'draft'", akunID)
	if got, _ := walk(t, c, u); len(got) != want {
		t.Errorf("search with status: %d rows, want %d", len(got), want)
	}
}

// The queries of a list page, a queue page and the search page do not grow with the rows: the same page with
// five times the permohonan runs the same statements.
func TestListQueryCountsIndependentOfRows(t *testing.T) {
	t.Parallel()
	p, _, c := listPortal(t, 120, 0, 0)
	ctx := context.Background()
	cari := search(t, c, "/petugas/cari", "Kabupaten")
	registerSearch := search(t, c, "/petugas/permohonan", "Kabupaten")
	pages := []string{"/petugas/permohonan", "/petugas/permohonan?status=akses_diberikan&urut=instansi", registerSearch,
		"/petugas/antrean/teknis", "/petugas/antrean/keputusan?urut=tenggat", cari, "/petugas/verifikasi-akun?status=semua"}
	measure := func() []int64 {
		var out []int64
		for _, u := range pages {
			c.Get(u) // the first load fills what is cached in memory
			before := p.Queries.Count()
			if r := c.Get(u); r.Status != http.StatusOK {
				t.Fatalf("%s: %d", u, r.Status)
			}
			out = append(out, p.Queries.Count()-before)
		}
		return out
	}
	small := measure()
	// Five times the permohonan, in every state, with their rows.
	if _, err := p.Store.Pool.Exec(ctx, `INSERT INTO permohonan (akun_id, reference, state, created_at, updated_at, submitted_at,
			withdraw_reason, decided_at, decided_by, reject_reason, due_at, akses_sampai, akses_diberikan_at, ended_at, end_reason, cabut_reason)
		SELECT akun_id, reference || '-' || k, state, created_at, updated_at, submitted_at, withdraw_reason, decided_at, decided_by,
			reject_reason, due_at, akses_sampai, akses_diberikan_at, ended_at, end_reason, cabut_reason
		FROM permohonan, generate_series(1, 4) k`); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store.Pool.Exec(ctx, `INSERT INTO permohonan_rows (permohonan_id, pengguna_jenis, pengguna, jenis_data, media, operator_nama)
		SELECT id, 'opd', 'Dinas Sosial', 'mikro', 'sepakat', 'Operator Tambahan' FROM permohonan WHERE reference LIKE '%-_'`); err != nil {
		t.Fatal(err)
	}
	if n := count(t, p, "SELECT count(*) FROM permohonan"); n != 600 {
		t.Fatalf("%d permohonan", n)
	}
	large := measure()
	for i, u := range pages {
		if small[i] != large[i] {
			t.Errorf("%s: %d queries with 120 permohonan, %d with 600", u, small[i], large[i])
		}
		if large[i] > 6 {
			t.Errorf("%s: %d queries", u, large[i])
		}
	}
	t.Logf("queries per page: %v", large)
}

func TestEveryStaffListPagesSearchesAndDownloads(t *testing.T) {
	t.Parallel()
	p, staff, c := listPortal(t, 200, 70, 70)
	ctx := context.Background()
	for _, q := range []string{
		// 60 registrations waiting for verification, and a handover.
		`UPDATE pejabat SET state = 'menunggu_verifikasi', decided_at = NULL, decided_by = NULL, activated_at = NULL
			WHERE id IN (SELECT id FROM pejabat ORDER BY id LIMIT 60)`,
		`UPDATE akun SET state = 'menunggu_verifikasi', decided_at = NULL, decided_by = NULL WHERE id IN (SELECT akun_id FROM pejabat WHERE state = 'menunggu_verifikasi')`,
		`UPDATE pejabat SET is_handover = true WHERE id = (SELECT min(id) FROM pejabat)`,
		// 55 requests for a recommendation to this director, and one answered.
		`INSERT INTO rekomendasi (permohonan_id, requested_by, direktur_id, question, requested_at)
			SELECT id, ` + strconv.FormatInt(staff.ID, 10) + `, ` + strconv.FormatInt(staff.ID, 10) + `, 'Mohon rekomendasi.', now() - id * interval '1 minute'
			FROM permohonan ORDER BY id LIMIT 56`,
		`UPDATE rekomendasi SET answer = 'Disarankan.', answered_at = now() WHERE id = (SELECT min(id) FROM rekomendasi)`,
		// 60 Penggantian Operator waiting (issue 13's objects in issue 15's lists), one withdrawn.
		`INSERT INTO penggantian_operator (permohonan_id, state, operator_nama, operator_jabatan, operator_nip, operator_email, operator_phone,
				sk_document_id, diajukan_oleh, diajukan_at, ditutup_at)
			SELECT p.id, CASE WHEN n = 61 THEN 'dibatalkan' ELSE 'diajukan' END,
				CASE WHEN n = 7 THEN 'Zulkarnain Siregar' ELSE 'Operator Pengganti ' || n END, 'Pranata Komputer',
				'19850505201001' || lpad(n::text, 4, '0'), 'operator' || n || '@daerah.go.id', '+6281322223333',
				(SELECT min(document_id) FROM permohonan_documents), (SELECT min(id) FROM pejabat), now() - n * interval '1 minute',
				CASE WHEN n = 61 THEN now() END
			FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM permohonan ORDER BY id LIMIT 61) p`,
	} {
		if _, err := p.Store.Pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	type list struct {
		path, all, sql, refSQL, sheet string
		download                      string // the rows downloaded, when not all of them (no Rahasia report)
	}
	for _, l := range []list{
		{"/petugas/verifikasi-akun", "/petugas/verifikasi-akun", "SELECT count(*) FROM pejabat WHERE state = 'menunggu_verifikasi'",
			"SELECT a.reference FROM pejabat p JOIN akun a ON a.id = p.akun_id WHERE p.state = 'menunggu_verifikasi' ORDER BY p.id DESC LIMIT 1", "Akun", ""},
		{"/petugas/bimtek", "/petugas/bimtek?status=semua", "SELECT count(*) FROM bimtek WHERE state <> 'draf'",
			"SELECT reference FROM bimtek WHERE state = 'selesai' ORDER BY id LIMIT 1", "Bimtek", ""},
		{"/petugas/pengaduan", "/petugas/pengaduan?status=semua", "SELECT count(*) FROM pengaduan WHERE NOT rahasia OR handler_id IS NULL OR handler_id = " + strconv.FormatInt(staff.ID, 10),
			"SELECT reference FROM pengaduan WHERE NOT rahasia AND state = 'ditutup' ORDER BY id LIMIT 1", "Pengaduan",
			"SELECT count(*) FROM pengaduan WHERE NOT rahasia"},
		{"/petugas/akses", "/petugas/akses", `SELECT count(*) FROM permohonan WHERE state IN ('pks_nda_diunggah', 'penyiapan_akses', 'menunggu_pks_nda')
			OR (state = 'akses_diberikan' AND akses_diberikan_at IS NOT NULL)`,
			"SELECT reference FROM permohonan WHERE state = 'akses_diberikan' ORDER BY id LIMIT 1", "Pekerjaan", ""},
		{"/petugas/penggantian-operator", "/petugas/penggantian-operator", "SELECT count(*) FROM penggantian_operator WHERE state = 'diajukan'",
			"SELECT p.reference FROM penggantian_operator g JOIN permohonan p ON p.id = g.permohonan_id WHERE g.state = 'diajukan' ORDER BY g.id DESC LIMIT 1",
			"Penggantian", ""},
	} {
		want := count(t, p, l.sql)
		if want <= 50 {
			t.Fatalf("%s: only %d rows, not more than a page", l.path, want)
		}
		if got, pages := walk(t, c, l.all); len(got) != want || pages < 2 {
			t.Errorf("%s: %d rows on %d pages, the database has %d", l.all, len(got), pages, want)
		}
		var ref string
		if err := p.Store.Pool.QueryRow(ctx, l.refSQL).Scan(&ref); err != nil {
			t.Fatal(err)
		}
		extra := []string{}
		if l.path != "/petugas/verifikasi-akun" && l.path != "/petugas/akses" && l.path != "/petugas/penggantian-operator" {
			extra = []string{"status", "semua"}
		}
		u := search(t, c, l.path, ref, extra...)
		if found := readList(t, c, u); len(found.rows) != 1 || !strings.Contains(c.Get(u).Body, ref) {
			t.Errorf("%s: search for %s finds %d rows", l.path, ref, len(found.rows))
		}
		_, query, _ := strings.Cut(l.all, "?")
		x := c.Get(l.path + "/ekspor.xlsx?" + query)
		f, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatalf("%s download: %d %v", l.path, x.Status, err)
		}
		xrows, _ := f.GetRows(l.sheet)
		f.Close()
		if l.download != "" {
			want = count(t, p, l.download)
		}
		if len(xrows) != want+1 {
			t.Errorf("%s download: %d rows for %d", l.path, len(xrows)-1, want)
		}
	}
	// Penggantian Operator found by the operator's name, and the withdrawn one among every state.
	if u := search(t, c, "/petugas/penggantian-operator", "zulkarnain"); len(readList(t, c, u).rows) != 1 {
		t.Error("Penggantian Operator: the search by operator name")
	}
	if r := c.Get("/petugas/penggantian-operator?status=dibatalkan"); !strings.Contains(r.Body, "1 pengajuan") {
		t.Error("Penggantian Operator: the withdrawn one")
	}
	// The header search finds it too, for a verifikator teknis.
	if r := c.Get(search(t, c, "/petugas/cari", "Zulkarnain")); !strings.Contains(r.Body, "Penggantian Operator") || !strings.Contains(r.Body, "Zulkarnain Siregar") {
		t.Error("the search across services does not find the Penggantian Operator")
	}
	// The director's recommendations: those waiting, paged, and the answered one apart.
	r := c.Get("/petugas/rekomendasi")
	if n := strings.Count(r.Body, `data-testid="rekomendasi-item"`); n != 50 || !strings.Contains(r.Body, `rel="next"`) ||
		!strings.Contains(r.Body, "55 permintaan") {
		t.Errorf("rekomendasi: %d items on the first page", n)
	}
	if r := c.Get("/petugas/rekomendasi?status=dijawab"); strings.Count(r.Body, `data-testid="rekomendasi-item"`) != 1 ||
		!strings.Contains(r.Body, "Disarankan.") {
		t.Error("the answered recommendation is not listed apart")
	}
	// Its downloads follow the filter: 55 waiting, then the one answered (issue 15: every staff list).
	for q, want := range map[string]int{"": 55, "?status=dijawab": 1} {
		x := c.Get("/petugas/rekomendasi/ekspor.xlsx" + q)
		f, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatalf("rekomendasi download %q: %d %v", q, x.Status, err)
		}
		rows, _ := f.GetRows("Rekomendasi")
		f.Close()
		if len(rows) != want+1 || rows[0][0] != "Nomor permohonan" {
			t.Errorf("rekomendasi download %q: %d rows", q, len(rows)-1)
		}
	}
}

// The search box on every staff page finds across services in one page, and says what it found.
func TestSearchAcrossServices(t *testing.T) {
	t.Parallel()
	p, _, c := listPortal(t, 40, 10, 10)
	ctx := context.Background()
	if r := c.Get("/petugas"); !strings.Contains(r.Body, `action="/petugas/cari"`) {
		t.Error("no search box on the staff home page")
	}
	var instansi string
	var akunID int64
	if err := p.Store.Pool.QueryRow(ctx, `SELECT a.instansi_nama, a.id FROM bimtek b JOIN akun a ON a.id = b.akun_id ORDER BY b.id LIMIT 1`).
		Scan(&instansi, &akunID); err != nil {
		t.Fatal(err)
	}
	u := search(t, c, "/petugas/cari", instansi)
	r := c.Get(u)
	for _, want := range []string{`data-testid="cari-permohonan"`, `data-testid="cari-akun"`, `data-testid="cari-bimtek"`, `data-testid="cari-pengaduan"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("search page lacks %s", want)
		}
	}
	bimtek := between(r.Body, `data-testid="cari-bimtek"`, "</section>")
	if n := count(t, p, "SELECT count(*) FROM bimtek WHERE akun_id = $1", akunID); !strings.Contains(bimtek, "<span class=\"facet-count\">"+strconv.Itoa(n)+"</span>") {
		t.Errorf("bimtek section does not count %d: %.300s", n, bimtek)
	}
	if r := c.Get(search(t, c, "/petugas/cari", "zz")); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "paling sedikit 3 karakter") ||
		!strings.Contains(r.Body, "<title>Kesalahan: ") {
		t.Errorf("a two-letter search: %d", r.Status)
	}
	// A search key from another session finds nothing of this one.
	other := staffLogin(t, p, p.CreateStaff(t, "petugas.lain", account.RoleAdmin), time.Now())
	if r := other.Get(u); strings.Contains(r.Body, instansi) {
		t.Error("another session reads this session's search")
	}
}

// Akun Saya lists the account's permohonan a page at a time, newest first, however many there are.
func TestAkunSayaPagesPermohonan(t *testing.T) {
	t.Parallel()
	p := servertest.New(t)
	reg := p.CreateRegistrator(t, "kabupaten_kota", "32.73", "Pemerintah Kota Bandung")
	if _, err := p.Store.Pool.Exec(context.Background(), `INSERT INTO permohonan (akun_id, reference, state, created_at)
		SELECT $1, 'PHA-2026-9' || lpad(g::text, 5, '0'), 'draft', now() - g * interval '1 hour' FROM generate_series(1, 45) g`, reg.AkunID); err != nil {
		t.Fatal(err)
	}
	c := p.Login(t, reg.Username, servertest.RegistratorPassword)
	var seen []string
	u := "/akun"
	for pages := 0; u != ""; pages++ {
		r := c.Get(u)
		if pages == 0 && (!strings.Contains(r.Body, "45 permohonan") || !strings.Contains(r.Body, "PHA-2026-900001")) {
			t.Errorf("first page: no count or not the newest first")
		}
		seen = append(seen, regexp.MustCompile(`PHA-2026-9\d{5}`).FindAllString(r.Body, -1)...)
		u = ""
		if m := nextLink.FindStringSubmatch(r.Body); m != nil {
			u = html.UnescapeString(m[1])
		}
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	// Each reference appears twice on its page: in the table and the link's hidden text.
	if len(seen) != 90 {
		t.Errorf("%d references over the pages, want each of 45 twice", len(seen))
	}
}
