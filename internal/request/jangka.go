package request

import (
	"strconv"
	"strings"
	"time"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Jangka waktu (pedoman §III, step 3 of identifying needs: "menentukan jangka waktu yang dibutuhkan dalam
// pemanfaatan Regsosek untuk satu waktu tertentu atau berkelanjutan dengan jangka waktu yang ditentukan").
// Each row states its use and the period it needs; the decision proposes that period's end, capped by the
// rules in place (review.ProposedEnd).

// Uses of a row.
const (
	SekaliPakai   = "sekali_pakai"
	Berkelanjutan = "berkelanjutan"
)

// PenggunaanOptions are the uses with the pedoman's words.
var PenggunaanOptions = []Option{
	{SekaliPakai, "Sekali pakai (untuk satu waktu tertentu)"},
	{Berkelanjutan, "Berkelanjutan (selama jangka waktu tertentu)"},
}

// MaxPeriodeBulan bounds the period a row may ask for: the decision caps it further (MAX_AKSES_BULAN).
const MaxPeriodeBulan = 60

// Refusals of the jangka waktu.
const (
	msgPenggunaan       = "Pilih penggunaan data: sekali pakai atau berkelanjutan."
	msgFasilitasSekali  = "Fasilitas Pengolahan Data Regsosek Terpadu ditujukan untuk pemanfaatan pada satu waktu tertentu (§3.2.2): pilih Sekali pakai, atau media Sepakat untuk pemanfaatan berkelanjutan."
	msgMulai            = "Isi tanggal mulai pemanfaatan (hari, bulan, tahun)."
	msgSelesaiAtauBulan = "Isi sampai tanggal berapa, atau berapa bulan data dibutuhkan."
	msgSelesaiDanBulan  = "Isi salah satu saja: sampai tanggal, atau lama dalam bulan."
	msgSelesaiSetelah   = "Tanggal selesai harus setelah tanggal mulai."
	msgBulan            = "Lama pemanfaatan diisi dengan angka bulan, 1 sampai 60."
	msgTerlaluLama      = "Jangka waktu paling lama 60 bulan; Pengelola Data Regsosek menetapkan batasnya saat memutuskan."
)

// ParseDate reads an ISO date (as a date input sends it) at the start of that day in Jakarta.
func ParseDate(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), indo.Jakarta)
	return t, err == nil
}

func checkJangka(r Row, errs *validate.Errors) {
	switch r.Penggunaan {
	case SekaliPakai, Berkelanjutan:
		if r.Media == Fasilitas && r.Penggunaan == Berkelanjutan {
			errs.Add("penggunaan", msgFasilitasSekali)
		}
	default:
		errs.Add("penggunaan", msgPenggunaan)
	}
	start, ok := ParseDate(r.PeriodeMulai)
	if !ok {
		errs.Add("periode_mulai", msgMulai)
	}
	hasEnd, hasMonths := strings.TrimSpace(r.PeriodeSelesai) != "", strings.TrimSpace(r.PeriodeBulan) != ""
	switch {
	case !hasEnd && !hasMonths:
		errs.Add("periode_selesai", msgSelesaiAtauBulan)
	case hasEnd && hasMonths:
		errs.Add("periode_selesai", msgSelesaiDanBulan)
	case hasMonths:
		if n, err := strconv.Atoi(strings.TrimSpace(r.PeriodeBulan)); err != nil || n < 1 || n > MaxPeriodeBulan {
			errs.Add("periode_bulan", msgBulan)
		}
	default:
		end, okEnd := ParseDate(r.PeriodeSelesai)
		switch {
		case !okEnd:
			errs.Add("periode_selesai", "Isi tanggal selesai (hari, bulan, tahun).")
		case ok && !end.After(start):
			errs.Add("periode_selesai", msgSelesaiSetelah)
		case ok && end.After(indo.AddMonths(start, MaxPeriodeBulan)):
			errs.Add("periode_selesai", msgTerlaluLama)
		}
	}
}

// RequestedEnd is the end of the period a row asks for, counted from from when it is given in months (the
// later of its start and from: months run from when access can begin). ok is false when the row states no
// valid period (rows from before periods were asked, or a draft).
func (r Row) RequestedEnd(from time.Time) (time.Time, bool) {
	start, ok := ParseDate(r.PeriodeMulai)
	if !ok {
		return time.Time{}, false
	}
	if n, err := strconv.Atoi(strings.TrimSpace(r.PeriodeBulan)); err == nil && n > 0 {
		if day := indo.Today(from); day.After(start) {
			start = day
		}
		return indo.AddMonths(start, n), true
	}
	end, ok := ParseDate(r.PeriodeSelesai)
	if !ok || !end.After(start) {
		return time.Time{}, false
	}
	// A period that has already run out by from keeps its length from from: the need it stated is the length.
	if day := indo.Today(from); !end.After(day) {
		days := int(end.Sub(start).Round(24*time.Hour).Hours() / 24)
		return day.AddDate(0, 0, days), true
	}
	return end, true
}

// PeriodeText says a row's period as the registrator stated it, for pages and letters, dates in Indonesian.
func (r Row) PeriodeText() string {
	use := map[string]string{SekaliPakai: "Sekali pakai", Berkelanjutan: "Berkelanjutan"}[r.Penggunaan]
	start, ok := ParseDate(r.PeriodeMulai)
	if !ok {
		return use
	}
	var span string
	if n, err := strconv.Atoi(strings.TrimSpace(r.PeriodeBulan)); err == nil && n > 0 {
		span = "mulai " + indo.Date(start) + ", selama " + strconv.Itoa(n) + " bulan"
	} else if end, ok := ParseDate(r.PeriodeSelesai); ok {
		span = indo.Date(start) + " sampai " + indo.Date(end)
	}
	if use == "" {
		return span
	}
	return strings.TrimSpace(use + ": " + span)
}
