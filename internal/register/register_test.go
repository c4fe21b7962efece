package register

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/request"
)

func TestStatusOf(t *testing.T) {
	for _, st := range request.AllStates {
		got, ok := StatusOf(st)
		want := map[request.State]Status{request.AksesDiberikan: Berlaku, request.Berakhir: Berakhir, request.Dicabut: Dicabut}[st]
		if got != want || ok != (want != "") {
			t.Errorf("StatusOf(%s) = %q, %v", st, got, ok)
		}
	}
}

func TestCheckRingkasan(t *testing.T) {
	ok := "Pemutakhiran sasaran program perlindungan sosial daerah dan perencanaan intervensi kemiskinan ekstrem."
	tests := []struct {
		name, in, want string
	}{
		{"a plain summary", ok, ""},
		{"too short", "Untuk program.", msgRingkasanPendek},
		{"too long", strings.Repeat("kata ", 121), msgRingkasanPanjang},
		{"a NIK", ok + " Narahubung NIK 3273012706670001.", msgRingkasanPribadi},
		{"a NIP written with spaces", ok + " NIP 19670627 199803 1 004.", msgRingkasanPribadi},
		{"a phone number", ok + " Hubungi 0812-3456-7890.", msgRingkasanPribadi},
		{"an email address", ok + " Kontak siti@daerah.go.id.", msgRingkasanPribadi},
		{"years and counts are fine", "Perencanaan 2027 untuk 514 kabupaten/kota dan 38 provinsi, tahun anggaran 2026–2027.", ""},
	}
	for _, tt := range tests {
		if got := CheckRingkasan(tt.in); got != tt.want {
			t.Errorf("%s: CheckRingkasan = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseFilter(t *testing.T) {
	q, _ := url.ParseQuery("q=Dinas+Sosial&kategori=kabupaten_kota&jenis_data=mikro&media=sepakat&status=berlaku&provinsi=32&tahun=2026&halaman=3")
	f := ParseFilter(q)
	want := Filter{Q: "Dinas Sosial", Kategori: account.KategoriKabKota, JenisData: "mikro", Media: "sepakat", Status: Berlaku, Provinsi: "32", Tahun: 2026, Page: 3}
	if f.Q != want.Q || f.Kategori != want.Kategori || f.JenisData != want.JenisData || f.Media != want.Media || f.Status != want.Status ||
		f.Provinsi != want.Provinsi || f.Tahun != want.Tahun || f.Page != want.Page || len(f.Ignored) != 0 {
		t.Errorf("ParseFilter = %+v", f)
	}
	if got := f.Query().Encode(); got != "jenis_data=mikro&kategori=kabupaten_kota&media=sepakat&provinsi=32&q=Dinas+Sosial&status=berlaku&tahun=2026" {
		t.Errorf("Query = %s", got)
	}
	bad, _ := url.ParseQuery("kategori=desa&jenis_data=semua&media=x&status=aktif&provinsi=3273&tahun=1999&halaman=-1&q=%00%1b")
	f = ParseFilter(bad)
	if !slices.Equal(f.Ignored, []string{"kategori", "jenis_data", "media", "status", "provinsi", "tahun", "halaman"}) || f.Page != 1 || f.Q != "" {
		t.Errorf("bad values: %+v", f)
	}
	if w := ParseFilter(url.Values{"q": {"Dinas  SOSIAL bandung"}}).Words(); !slices.Equal(w, []string{"dinas", "sosial", "bandung"}) {
		t.Errorf("Words = %v", w)
	}
}

func TestMachine(t *testing.T) {
	for _, tt := range []struct {
		from Publication
		ev   PublicationEvent
		role account.Role
		to   Publication
		ok   bool
	}{
		{Terbit, Tahan, account.RoleProdusenData, Ditahan, true},
		{Terbit, Tahan, account.RoleAdmin, Ditahan, true},
		{Terbit, Tahan, account.RoleOperatorSepakat, "", false},
		{Ditahan, Tahan, account.RoleAdmin, "", false},
		{Ditahan, TerbitkanKembali, account.RoleProdusenData, Terbit, true},
		{Terbit, TerbitkanKembali, account.RoleProdusenData, "", false},
		{Terbit, UbahRingkasan, account.RoleAdmin, Terbit, true},
		{Ditahan, UbahRingkasan, account.RoleProdusenData, Ditahan, true},
		{Terbit, UbahRingkasan, account.RoleRegistrator, "", false},
	} {
		to, err := Machine.Next(tt.from, tt.ev, tt.role)
		if (err == nil) != tt.ok || tt.ok && to != tt.to {
			t.Errorf("%s --%s/%s--> %s, %v", tt.from, tt.ev, tt.role, to, err)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	e := Entry{Nomor: "PHA-2026-000001", InstansiNama: "Pemerintah Kota Bandung", Kategori: account.KategoriKabKota, InstansiKode: "32.73",
		Ringkasan: "=HYPERLINK(\"http://x\") pemutakhiran sasaran program", Status: Berlaku,
		Mulai: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Sampai: time.Date(2027, 9, 30, 0, 0, 0, 0, time.UTC),
		Pengguna: []Pengguna{{Nama: "Dinas Sosial", JenisData: "mikro", Media: "sepakat", WilayahKode: "32.73", WilayahNama: "Kota Bandung, Jawa Barat",
			Sampai: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), Status: Dicabut},
			{Nama: "Dinas Kesehatan", JenisData: "agregat_terpilah", Media: "fasilitas", WilayahKode: "32.73", WilayahNama: "Kota Bandung, Jawa Barat"}}}
	var b bytes.Buffer
	if err := WriteCSV(&b, []Entry{e}, "https://regsosek.example"); err != nil {
		t.Fatal(err)
	}
	lines, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 3 || !slices.Equal(lines[0], CSVHeader) {
		t.Fatalf("lines %v", lines)
	}
	if l := lines[1]; l[0] != "PHA-2026-000001" || l[2] != "Pemerintah Kabupaten/Kota" || !strings.HasPrefix(l[4], "'=") || l[5] != "Dinas Sosial" ||
		l[6] != "Mikro" || l[7] != "Sepakat" || l[10] != "2027-03-31" || l[11] != "Dicabut" || l[12] != "2026-11-30" || l[13] != "2027-09-30" || l[14] != "Berlaku" ||
		l[15] != "https://regsosek.example/register/PHA-2026-000001" {
		t.Errorf("line %q", l)
	}
	if j := ToJSON(e, "https://x"); j.Pengguna[0].Tingkat != 3 || j.TujuanPemanfaatan == nil || j.Periode.Sampai != "2027-09-30" ||
		j.Pengguna[0].Sampai != "2027-03-31" || j.Pengguna[0].Status != Dicabut || j.Pengguna[0].StatusLabel != "Dicabut" {
		t.Errorf("ToJSON %+v", j)
	}
	if got := e.JenisData(); !slices.Equal(got, []string{"mikro", "agregat_terpilah"}) {
		t.Errorf("JenisData %v", got)
	}
}

// A unit of an entry in force stands where its own Sepakat account stands (issue 13).
func TestUnitStatus(t *testing.T) {
	for st, want := range map[request.AkunState]Status{request.AkunAktif: Berlaku, request.AkunDisiapkan: Berlaku, request.AkunGagal: Berlaku,
		request.AkunDicabut: Dicabut, request.AkunBerakhir: Berakhir, request.AkunDiganti: Berlaku} {
		if got := UnitStatus(st); got != want {
			t.Errorf("UnitStatus(%s) = %s, want %s", st, got, want)
		}
	}
}
