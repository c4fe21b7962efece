package layanan

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// WorkingDays counts Monday to Friday from first to last, both included (national holidays are not known
// here). It returns 0 when last is before first.
func WorkingDays(first, last time.Time) int {
	first, last = dateOnly(first), dateOnly(last)
	n := 0
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate reads a date written YYYY-MM-DD, as <input type="date"> sends it, or DD-MM-YYYY and DD/MM/YYYY, as
// people type it where the browser shows a plain text box.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "02-01-2006", "02/01/2006", "2-1-2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// BimtekInput is the Fasilitasi Bimbingan Teknis form as posted, every value as typed.
type BimtekInput struct {
	Pelatihan, Konsultasi bool
	Versi                 string
	PesertaPK, PesertaDK  string
	TopikKonsultasi       string
	Mode                  string
	UsulanMulai           string
	UsulanSelesai         string
	Catatan               string
	Nama, Jabatan, NIP    string
	Email, Phone          string
}

// Free-text bounds, in runes.
const (
	maxShort = 150
	maxLong  = 2000
)

// ParseBimtek checks a Fasilitasi Bimbingan Teknis form. Errors are keyed by the form's input names; today
// is the date in Jakarta, before which no date may be proposed.
func ParseBimtek(in BimtekInput, today time.Time) (BimtekData, validate.Errors) {
	var errs validate.Errors
	b := BimtekData{Pelatihan: in.Pelatihan, Konsultasi: in.Konsultasi,
		TopikKonsultasi: errs.Lines("topik_konsultasi", "Topik konsultasi", in.TopikKonsultasi, maxLong),
		Catatan:         errs.Lines("catatan", "Catatan", in.Catatan, maxLong)}
	if !b.Pelatihan && !b.Konsultasi {
		errs.Add("jenis", "Pilih jenis bimbingan teknis: Pelatihan, Konsultasi, atau keduanya.")
	}
	if b.Pelatihan {
		switch v := Versi(strings.TrimSpace(in.Versi)); v {
		case VersiLengkap, VersiRingkas:
			b.Versi = v
		default:
			errs.Add("versi", "Pilih versi pelatihan: Versi Lengkap atau Versi Ringkas.")
		}
		pk, okPK := parsePeserta(in.PesertaPK, "peserta_pk", &errs)
		dk, okDK := parsePeserta(in.PesertaDK, "peserta_dk", &errs)
		if okPK && okDK && pk == 0 && dk == 0 {
			errs.Add("peserta_pk", "Isi jumlah peserta paling sedikit untuk satu kelas: Provinsi/Kabupaten/Kota (PK) atau Desa/Kelurahan (DK).")
		}
		b.PesertaPK, b.PesertaDK = pk, dk
	}
	if b.Konsultasi && b.TopikKonsultasi == "" {
		errs.Add("topik_konsultasi", "Tuliskan topik atau kebutuhan konsultasi.")
	}
	if m, ok := parseMode(in.Mode); ok {
		b.Mode = m
		if m == ModeHybrid && b.Pelatihan {
			errs.Add("mode", MsgPelatihanBukanHybrid)
		}
	} else {
		errs.Add("mode", "Pilih mode pelaksanaan: luring, daring, atau hybrid (hybrid hanya untuk konsultasi).")
	}
	b.UsulanMulai, b.UsulanSelesai = parseRange(in.UsulanMulai, in.UsulanSelesai, "usulan_mulai", "usulan_selesai", today, &errs)
	if b.Pelatihan && b.Versi != "" && !b.UsulanMulai.IsZero() && !b.UsulanSelesai.IsZero() {
		if n := WorkingDays(b.UsulanMulai, b.UsulanSelesai); n < b.Versi.Hari() {
			errs.Add("usulan_selesai", "Pelatihan "+b.Versi.Label()+" berlangsung "+strconv.Itoa(b.Versi.Hari())+
				" hari kerja; rentang tanggal yang diusulkan hanya memuat "+strconv.Itoa(n)+" hari kerja.")
		}
	}
	b.Narahubung = parseNarahubung(in, &errs)
	return b, errs
}

func parsePeserta(s, field string, errs *validate.Errors) (int, bool) {
	s = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), ".", ""), " ", "")
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil || n < 0:
		errs.Add(field, "Jumlah peserta harus berupa bilangan bulat, misalnya 45.")
		return 0, false
	case n > MaxPeserta:
		errs.Add(field, "Jumlah peserta paling banyak "+indo.Int(MaxPeserta)+" untuk satu permohonan; ajukan permohonan terpisah untuk jumlah yang lebih besar.")
		return 0, false
	}
	return n, true
}

// parseRange reads a start and an end date: both required, not before today, the end not before the start,
// at most a year apart.
func parseRange(first, last, firstField, lastField string, today time.Time, errs *validate.Errors) (time.Time, time.Time) {
	today = dateOnly(today)
	var start, end time.Time
	if strings.TrimSpace(first) == "" {
		errs.Add(firstField, "Isi tanggal mulai.")
	} else if t, ok := ParseDate(first); !ok {
		errs.Add(firstField, "Tanggal mulai tidak valid. Tulis seperti 17-08-2026.")
	} else if t.Before(today) {
		errs.Add(firstField, "Tanggal mulai tidak boleh sebelum hari ini.")
	} else {
		start = t
	}
	if strings.TrimSpace(last) == "" {
		errs.Add(lastField, "Isi tanggal selesai.")
	} else if t, ok := ParseDate(last); !ok {
		errs.Add(lastField, "Tanggal selesai tidak valid. Tulis seperti 21-08-2026.")
	} else if !start.IsZero() && t.Before(start) {
		errs.Add(lastField, "Tanggal selesai tidak boleh sebelum tanggal mulai.")
	} else if !start.IsZero() && t.After(start.AddDate(1, 0, 0)) {
		errs.Add(lastField, "Rentang tanggal paling lama satu tahun.")
	} else if t.Before(today) {
		errs.Add(lastField, "Tanggal selesai tidak boleh sebelum hari ini.")
	} else {
		end = t
	}
	if start.IsZero() {
		end = time.Time{}
	}
	return start, end
}

func parseNarahubung(in BimtekInput, errs *validate.Errors) Narahubung {
	n := Narahubung{Nama: errs.Text("narahubung_nama", "Nama narahubung", in.Nama, maxShort),
		Jabatan: errs.Text("narahubung_jabatan", "Jabatan narahubung", in.Jabatan, maxShort), NIP: validate.Clean(in.NIP, 30),
		Email: validate.Clean(in.Email, 200), Phone: validate.Clean(in.Phone, 20)}
	if n.Nama == "" {
		errs.Add("narahubung_nama", "Isi nama narahubung.")
	}
	if n.Jabatan == "" {
		errs.Add("narahubung_jabatan", "Isi jabatan narahubung.")
	}
	if nip, err := account.NormalizeNIP(n.NIP); err != nil {
		errs.Add("narahubung_nip", err.Error())
	} else {
		n.NIP = nip
	}
	if e, err := account.NormalizeEmail(n.Email); err != nil {
		errs.Add("narahubung_email", err.Error())
	} else {
		n.Email = e
	}
	if p, err := account.NormalizePhone(n.Phone); err != nil {
		errs.Add("narahubung_hp", err.Error())
	} else {
		n.Phone = p
	}
	return n
}

// MsgPelatihanBukanHybrid refuses a hybrid Pelatihan: the pedoman holds a training "secara luring atau
// daring" (§4.1, Lampiran 8 IV) and allows hybrid for a Konsultasi only (§4.1.2). A request for both is held
// in one mode, so it is luring or daring too.
const MsgPelatihanBukanHybrid = "Pelatihan dilaksanakan secara luring atau daring (pedoman §4.1); mode hybrid hanya untuk konsultasi."

// JadwalInput is the staff's schedule form as posted.
type JadwalInput struct {
	Mulai, Selesai, Mode, Tempat, Tautan, Catatan string
}

// ParseJadwal checks a schedule for a request of the given kind: dates (a training needs at least its
// version's working days), mode (hybrid for a Konsultasi only), a place for luring and hybrid, an https meeting
// link for daring and hybrid.
func ParseJadwal(in JadwalInput, pelatihan bool, versi Versi, today time.Time) (Jadwal, validate.Errors) {
	var errs validate.Errors
	j := Jadwal{Tempat: errs.Text("jadwal_tempat", "Tempat", in.Tempat, 300), Tautan: strings.TrimSpace(in.Tautan),
		Catatan: errs.Lines("jadwal_catatan", "Catatan jadwal", in.Catatan, maxLong)}
	j.Mulai, j.Selesai = parseRange(in.Mulai, in.Selesai, "jadwal_mulai", "jadwal_selesai", today, &errs)
	if pelatihan && versi.Hari() > 0 && !j.Mulai.IsZero() && !j.Selesai.IsZero() {
		if n := WorkingDays(j.Mulai, j.Selesai); n < versi.Hari() {
			errs.Add("jadwal_selesai", "Pelatihan "+versi.Label()+" memerlukan "+strconv.Itoa(versi.Hari())+
				" hari kerja; jadwal ini hanya memuat "+strconv.Itoa(n)+" hari kerja.")
		}
	}
	m, ok := parseMode(in.Mode)
	switch {
	case !ok:
		errs.Add("jadwal_mode", "Pilih mode pelaksanaan.")
	case m == ModeHybrid && pelatihan:
		errs.Add("jadwal_mode", MsgPelatihanBukanHybrid)
	}
	j.Mode = m
	if (m == ModeLuring || m == ModeHybrid) && j.Tempat == "" {
		errs.Add("jadwal_tempat", "Isi tempat pelaksanaan untuk bimbingan teknis luring atau hybrid.")
	}
	if m == ModeDaring || m == ModeHybrid {
		if j.Tautan == "" {
			errs.Add("jadwal_tautan", "Isi tautan rapat daring untuk bimbingan teknis daring atau hybrid.")
		} else if !validMeetingLink(j.Tautan) {
			errs.Add("jadwal_tautan", "Tautan rapat harus alamat lengkap yang diawali https://.")
		}
	}
	if m == ModeLuring {
		j.Tautan = ""
	}
	if m == ModeDaring {
		j.Tempat = ""
	}
	return j, errs
}

func validMeetingLink(s string) bool {
	if len(s) > 500 || strings.ContainsAny(s, " \t\n<>\"") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil
}
