package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/bappenas/portal-regsosek/internal/dasbor/chart"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/public"
)

// The service's times on /statistik-layanan: median and 90th percentile days per stage, the share decided
// within the service level, and the counts per month, as charts with their tables and a CSV. Computed at most
// every five minutes, like the rest of the page.

// waktuCache keeps the last computation.
type waktuCache struct {
	mu    sync.Mutex
	stats review.WaktuStats
	at    time.Time
}

func (s *Server) serviceTimes(ctx context.Context, now time.Time) (review.WaktuStats, error) {
	c := s.waktu
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && now.Sub(c.at) < statsTTL && !now.Before(c.at) {
		return c.stats, nil
	}
	st, err := s.store.ServiceTimes(ctx, now)
	if err != nil {
		return st, err
	}
	c.stats, c.at = st, now
	return st, nil
}

func days(x float64) string { return indo.Decimal(x, 1) }

// waktuView is the page's section on times.
func waktuView(w review.WaktuStats) public.WaktuView {
	v := public.WaktuView{Decided: indo.Int(int64(w.Decided)), DecidedShare: "–", SLATotal: indo.Int(int64(w.SLATotal)),
		CSVHref: "/statistik-layanan/unduh.csv"}
	if w.Decided > 0 {
		v.DecidedShare = indo.Percent(w.DecidedShare())
	}
	var bars []chart.Bar
	top := 1.0
	for _, t := range w.Tahap {
		row := public.TahapRow{Label: t.Label, Pihak: t.Pihak, N: indo.Int(int64(t.N)), Median: "–", P90: "–", SLA: "–", Share: "–"}
		if t.N > 0 {
			row.Median, row.P90 = days(t.Median)+" hari", days(t.P90)+" hari"
			top = max(top, t.P90)
		}
		if t.SLADays > 0 {
			row.SLA = indo.Int(int64(t.SLADays)) + " hari"
			if t.N > 0 {
				row.Share = indo.Percent(t.Share())
			}
		}
		v.Tahap = append(v.Tahap, row)
		cell := chart.Cell{Missing: t.N == 0, Label: "belum ada"}
		if t.N > 0 {
			cell = chart.Cell{Value: t.Median, Label: "median " + days(t.Median) + " · p90 " + days(t.P90) + " hari"}
		}
		bars = append(bars, chart.Bar{Label: stageShort[string(t.State)], Cell: cell})
	}
	title := "Median hari per tahap"
	v.TahapChart = components.DasborChart{ID: "grafik-waktu", Heading: title, Caption: "Batang: median hari; label: median dan persentil ke-90. Angka lengkap pada tabel."}
	v.TahapChart.SVG = chart.BarChart{ID: "grafik-waktu", Title: title, Bars: bars, Max: top,
		Desc:  fmt.Sprintf("Diagram batang median lama setiap tahap permohonan dalam hari, %d tahap; angka ada pada tabel di bawahnya.", len(bars)),
		Ticks: ticks(top)}.SVG()
	var months []chart.Bar
	most := 1.0
	for _, b := range w.Bulan {
		v.Bulan = append(v.Bulan, public.BulanRow{Bulan: indo.MonthYear(b.Bulan), Diajukan: indo.Int(int64(b.Diajukan)),
			Disetujui: indo.Int(int64(b.Disetujui)), Ditolak: indo.Int(int64(b.Ditolak)), Diberikan: indo.Int(int64(b.Diberikan))})
		months = append(months, chart.Bar{Label: indo.MonthYear(b.Bulan), Cell: chart.Cell{Value: float64(b.Diajukan), Label: indo.Int(int64(b.Diajukan))}})
		most = max(most, float64(b.Diajukan))
	}
	title = "Permohonan diajukan per bulan"
	v.BulanChart = components.DasborChart{ID: "grafik-bulan", Heading: title}
	v.BulanChart.SVG = chart.BarChart{ID: "grafik-bulan", Title: title, Bars: months, Max: most, Ticks: ticks(most),
		Desc: "Diagram batang jumlah permohonan yang diajukan setiap bulan selama dua belas bulan terakhir; angka ada pada tabel di bawahnya."}.SVG()
	return v
}

// ticks marks 0, half and the top of an axis.
func ticks(top float64) []chart.Tick {
	return []chart.Tick{{Value: 0, Label: "0"}, {Value: top / 2, Label: indo.Decimal(top/2, 1)}, {Value: top, Label: indo.Decimal(top, 1)}}
}

var stageShort = map[string]string{"diajukan": "Verifikasi teknis", "perlu_perbaikan": "Perbaikan pemohon", "terverifikasi_teknis": "Verifikasi substansi",
	"menunggu_keputusan": "Keputusan", "menunggu_pks_nda": "PKS/NDA pemohon", "pks_nda_diunggah": "TTD Pihak Kesatu", "penyiapan_akses": "Penyiapan akses"}

func (s *Server) handleStatistikCSV(w http.ResponseWriter, r *http.Request) {
	st, err := s.serviceTimes(r.Context(), s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := st.WriteCSV(&buf); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.download(w, "text/csv; charset=utf-8", "statistik-layanan-regsosek.csv", buf.Bytes())
}
