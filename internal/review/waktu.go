package review

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/request"
)

// The public statistics of the service's times (Statistik Layanan): how long a permohonan stays at each stage,
// how many are decided within the service level, and the counts per month. Durations are read from the
// timeline: a stay in a state runs from the move into it to the move out of it.

// Tahap is a stage whose time the statistics report: a state a permohonan waits in, who it waits for, and the
// review stage (and so the service level) it belongs to, when it is Bappenas' review.
type Tahap struct {
	State  request.State
	Label  string
	Pihak  string // who the permohonan waits for
	Review Stage  // "" outside the review
}

// Tahapan are the stages reported, in process order (pedoman Gambar 3.2).
var Tahapan = []Tahap{
	{request.Diajukan, "Pemeriksaan kelengkapan dokumen (verifikasi teknis)", "Bappenas", Teknis},
	{request.PerluPerbaikan, "Perbaikan oleh pemohon (Data Belum Sesuai)", "Pemohon", ""},
	{request.TerverifikasiTeknis, "Verifikasi substansi", "Bappenas", Substansi},
	{request.MenungguKeputusan, "Keputusan Produsen Data", "Bappenas", Keputusan},
	{request.MenungguPKSNDA, "Penandatanganan PKS/NDA oleh pemohon", "Pemohon", ""},
	{request.PKSNDADiunggah, "Tanda tangan PKS/NDA Pihak Kesatu", "Bappenas", ""},
	{request.PenyiapanAkses, "Penyiapan akses", "Bappenas", ""},
}

// TahapStats are the times of one stage: how many stays ended, their median and 90th percentile in days, and,
// for a review stage, how many ended within its service level.
type TahapStats struct {
	Tahap
	N            int
	Median, P90  float64
	SLADays      int // 0 outside the review
	DalamTenggat int
}

// Share is the part of stays within the service level, 0–100.
func (t TahapStats) Share() float64 {
	if t.N == 0 {
		return 0
	}
	return 100 * float64(t.DalamTenggat) / float64(t.N)
}

// BulanStats are the counts of one month.
type BulanStats struct {
	Bulan                                   time.Time // the first day of the month, in Jakarta
	Diajukan, Disetujui, Ditolak, Diberikan int
}

// WaktuStats are the times of the service.
type WaktuStats struct {
	Tahap []TahapStats
	// Decided counts the permohonan decided; DecidedInSLA those whose time with Bappenas' review (the three
	// review stages, every round, without the time back with the pemohon) is within the sum of the three
	// service levels.
	Decided, DecidedInSLA int
	SLATotal              int
	Bulan                 []BulanStats
}

// DecidedShare is the part decided within the service level, 0–100.
func (w WaktuStats) DecidedShare() float64 {
	if w.Decided == 0 {
		return 0
	}
	return 100 * float64(w.DecidedInSLA) / float64(w.Decided)
}

// WriteCSV writes the statistics as one long table (tabel, baris, kolom, nilai): plain numbers with a dot,
// days to one decimal, months as YYYY-MM, for reuse.
func (w WaktuStats) WriteCSV(out io.Writer) error {
	cw := csv.NewWriter(out)
	rec := func(cols ...string) { _ = cw.Write(cols) }
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
	rec("tabel", "baris", "kolom", "nilai")
	for _, t := range w.Tahap {
		rec("waktu_per_tahap", t.Label, "jumlah", strconv.Itoa(t.N))
		rec("waktu_per_tahap", t.Label, "median_hari", f(t.Median))
		rec("waktu_per_tahap", t.Label, "p90_hari", f(t.P90))
		if t.SLADays > 0 {
			rec("waktu_per_tahap", t.Label, "standar_layanan_hari", strconv.Itoa(t.SLADays))
			rec("waktu_per_tahap", t.Label, "persen_dalam_standar", f(t.Share()))
		}
	}
	rec("keputusan", "seluruhnya", "jumlah", strconv.Itoa(w.Decided))
	rec("keputusan", "seluruhnya", "dalam_standar_layanan", strconv.Itoa(w.DecidedInSLA))
	rec("keputusan", "seluruhnya", "persen_dalam_standar", f(w.DecidedShare()))
	for _, b := range w.Bulan {
		m := b.Bulan.Format("2006-01")
		rec("per_bulan", m, "diajukan", strconv.Itoa(b.Diajukan))
		rec("per_bulan", m, "disetujui", strconv.Itoa(b.Disetujui))
		rec("per_bulan", m, "ditolak", strconv.Itoa(b.Ditolak))
		rec("per_bulan", m, "akses_diberikan", strconv.Itoa(b.Diberikan))
	}
	cw.Flush()
	return cw.Error()
}
