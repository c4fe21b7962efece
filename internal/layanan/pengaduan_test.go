package layanan

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
)

func goodPengaduan() PengaduanInput {
	return PengaduanInput{Judul: "Permohonan belum diproses", Isi: "Permohonan kami sudah tiga bulan belum diverifikasi.",
		Nama: "Budi", Instansi: "Bappeda Kota Bandung", Jabatan: "Analis", Lokasi: "Kota Bandung, Jawa Barat",
		Kategori: "permohonan_data"}
}

func TestParsePengaduan(t *testing.T) {
	in := goodPengaduan()
	in.Email = " budi@Bandung.go.id "
	in.Anonim, in.Rahasia = true, true
	p, errs := ParsePengaduan(in)
	if errs.Any() {
		t.Fatal(errs.All())
	}
	if p.Kategori != KategoriPermohonan || !p.Anonim || !p.Rahasia || p.Pelapor.Email != "budi@bandung.go.id" || p.Pelapor.Nama != "Budi" {
		t.Errorf("%+v", p)
	}
	tests := []struct {
		name   string
		change func(*PengaduanInput)
		field  string
	}{
		{"no judul", func(in *PengaduanInput) { in.Judul = "  " }, "judul"},
		{"no isi", func(in *PengaduanInput) { in.Isi = "" }, "isi"},
		{"isi too short", func(in *PengaduanInput) { in.Isi = "tolong" }, "isi"},
		{"no nama, even anonim", func(in *PengaduanInput) { in.Nama, in.Anonim = "", true }, "nama"},
		{"no instansi", func(in *PengaduanInput) { in.Instansi = "" }, "instansi"},
		{"no jabatan", func(in *PengaduanInput) { in.Jabatan = "" }, "jabatan"},
		{"no lokasi", func(in *PengaduanInput) { in.Lokasi = "" }, "lokasi"},
		{"no kategori", func(in *PengaduanInput) { in.Kategori = "" }, "kategori"},
		{"unknown kategori", func(in *PengaduanInput) { in.Kategori = "politik" }, "kategori"},
		{"bad email", func(in *PengaduanInput) { in.Email = "budi" }, "email"},
	}
	for _, tt := range tests {
		in := goodPengaduan()
		tt.change(&in)
		if _, errs := ParsePengaduan(in); errs.Get(tt.field) == "" {
			t.Errorf("%s: no error on %s (%v)", tt.name, tt.field, errs.All())
		}
	}
	// Issue 15: long text is an error beside its field and kept whole to be shortened, not cut; multi-line
	// text keeps its lines.
	in = goodPengaduan()
	in.Judul = strings.Repeat("a", 500)
	in.Isi = "Baris satu cukup panjang\r\n\r\nBaris dua   \n"
	p, errs = ParsePengaduan(in)
	if len(p.Judul) != 500 || p.Isi != "Baris satu cukup panjang\n\nBaris dua" {
		t.Errorf("judul %d runes, isi %q", len(p.Judul), p.Isi)
	}
	if msg := errs.Get("judul"); !strings.Contains(msg, "paling banyak 200 karakter") || !strings.Contains(msg, "500 karakter") {
		t.Errorf("judul over the limit: %q", msg)
	}
}

func TestTrackingCode(t *testing.T) {
	shape := regexp.MustCompile(`^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$`)
	seen := map[string]bool{}
	for range 1000 {
		c := NewTrackingCode()
		if !shape.MatchString(c) {
			t.Fatalf("code %q has the wrong shape", c)
		}
		if seen[c] {
			t.Fatalf("code %q repeated", c)
		}
		seen[c] = true
		n, ok := NormalizeTrackingCode(strings.ToLower(strings.ReplaceAll(c, "-", " ")))
		if !ok || n != strings.ReplaceAll(c, "-", "") {
			t.Fatalf("code %q normalises to %q, %v", c, n, ok)
		}
	}
	// 32 base32 characters carry 160 bits: far beyond the 128 the portal promises.
	if bits := trackingLen * 5; bits < 128 || trackingBytes*8 < 128 {
		t.Errorf("%d bits", bits)
	}
	// Every character position varies: no fixed prefix reduces the space.
	for i := range 39 {
		if i%5 == 4 {
			continue
		}
		chars := map[byte]bool{}
		for c := range seen {
			chars[c[i]] = true
		}
		if len(chars) < 20 {
			t.Errorf("position %d takes only %d values in 1000 codes", i, len(chars))
		}
	}
	// Digits mistaken for letters are read as the letters.
	c := NewTrackingCode()
	typed := strings.NewReplacer("O", "0", "I", "1", "B", "8").Replace(c)
	if n, ok := NormalizeTrackingCode(typed); !ok || n != strings.ReplaceAll(c, "-", "") {
		t.Errorf("%q typed as %q normalises to %q", c, typed, n)
	}
	for _, bad := range []string{"", "ABCD", strings.Repeat("A", 31), strings.Repeat("9", 32), strings.Repeat("A", 200)} {
		if n, ok := NormalizeTrackingCode(bad); ok || len(n) > 64 {
			t.Errorf("%q accepted or kept long (%q)", bad, n)
		}
	}
}

func TestNextPengaduan(t *testing.T) {
	states := []PengaduanState{PengaduanBaru, PengaduanMenungguInformasi, PengaduanDijawab, PengaduanDitutup}
	events := []PengaduanEvent{EventJawab, EventMintaInformasi, EventTutup, EventTanggapi, "hapus"}
	want := map[[2]string]PengaduanState{}
	for _, s := range []PengaduanState{PengaduanBaru, PengaduanMenungguInformasi, PengaduanDijawab} {
		want[[2]string{string(s), string(EventJawab)}] = PengaduanDijawab
		want[[2]string{string(s), string(EventMintaInformasi)}] = PengaduanMenungguInformasi
		want[[2]string{string(s), string(EventTutup)}] = PengaduanDitutup
	}
	want[[2]string{string(PengaduanMenungguInformasi), string(EventTanggapi)}] = PengaduanBaru
	want[[2]string{string(PengaduanDijawab), string(EventTanggapi)}] = PengaduanBaru
	for _, s := range states {
		for _, e := range events {
			got, err := PengaduanMachine.Next(s, e, roleOf(PengaduanMachine, e)) // the event's own role: only the state decides
			w, allowed := want[[2]string{string(s), string(e)}]
			if allowed && (err != nil || got != w) {
				t.Errorf("NextPengaduan(%s, %s) = %q, %v; want %q", s, e, got, err, w)
			}
			if !allowed && !errors.Is(err, fsm.ErrInvalidTransition) {
				t.Errorf("NextPengaduan(%s, %s) = %q, %v; want ErrInvalidTransition", s, e, got, err)
			}
		}
	}
}

func TestViewerRules(t *testing.T) {
	const me, other = 7, 8
	handler := ViewerFor(me, []account.Role{"pengelola_layanan"})
	admin := ViewerFor(me, []account.Role{"admin"})
	both := ViewerFor(me, []account.Role{"admin", "pengelola_layanan"})
	verifier := ViewerFor(me, []account.Role{"verifikator_akun"})
	tests := []struct {
		name              string
		v                 Viewer
		rahasia           bool
		handlerID         int64
		view, act, listsR bool
	}{
		{"handler, ordinary report", handler, false, other, true, true, true},
		{"handler, rahasia untouched", handler, true, 0, true, true, true},
		{"handler, own rahasia", handler, true, me, true, true, true},
		{"handler, someone else's rahasia", handler, true, other, false, false, true},
		{"admin, ordinary", admin, false, other, true, false, false},
		{"admin, rahasia (its handler's alone)", admin, true, other, false, false, false},
		{"admin, rahasia untouched", admin, true, 0, false, false, false},
		{"admin and handler, someone else's rahasia", both, true, other, false, false, true},
		{"other role", verifier, false, 0, false, false, false},
	}
	for _, tt := range tests {
		if got := tt.v.CanView(tt.rahasia, tt.handlerID); got != tt.view {
			t.Errorf("%s: CanView %v", tt.name, got)
		}
		if got := tt.v.CanAct(tt.rahasia, tt.handlerID); got != tt.act {
			t.Errorf("%s: CanAct %v", tt.name, got)
		}
		if got := tt.v.ListsRahasia(); got != tt.listsR {
			t.Errorf("%s: ListsRahasia %v", tt.name, got)
		}
	}
}
