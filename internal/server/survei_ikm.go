package server

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/dasbor/chart"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/survei"
	"github.com/bappenas/portal-regsosek/templates/components"
	sv "github.com/bappenas/portal-regsosek/templates/pages/survei"
)

// The Indeks Kepuasan Masyarakat: published per semester on /survei-kepuasan (a permanent page per semester),
// and for staff on /petugas/survei by service, with the trend and the comments. Answers are read only as sums.

func (s *Server) handleIKMPublic(w http.ResponseWriter, r *http.Request) {
	sem := survei.SemesterOf(s.now())
	if p := chi.URLParam(r, "semester"); p != "" {
		var ok bool
		if sem, ok = survei.ParseSemester(p); !ok {
			s.renderStatus(w, r, http.StatusNotFound)
			return
		}
	}
	v, err := s.ikmView(r, sem, "", false)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	cacheForPublic(w, v.Page, 300)
	s.render(w, r, http.StatusOK, sv.IKM(v))
}

func (s *Server) handleIKMStaff(w http.ResponseWriter, r *http.Request) {
	sem, ok := survei.ParseSemester(r.URL.Query().Get("semester"))
	if !ok {
		sem = survei.SemesterOf(s.now())
	}
	v, err := s.ikmView(r, sem, survei.ParseLayanan(r.URL.Query().Get("layanan")), true)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, sv.IKM(v))
}

// ikmView builds the page of a semester: the index over every service (or one, for staff), per element, per
// service, and the trend of every semester with answers.
func (s *Server) ikmView(r *http.Request, sem survei.Semester, layanan survei.Layanan, staff bool) (sv.IKMView, error) {
	all, err := s.store.SurveySums(r.Context(), survei.Semester{})
	if err != nil {
		return sv.IKMView{}, err
	}
	v := sv.IKMView{Page: s.page(r, "Indeks Kepuasan Masyarakat"), Heading: "Indeks Kepuasan Masyarakat Portal Regsosek", Semester: sem.Label(), Staff: staff}
	if staff {
		v.Heading = "Survei Kepuasan Masyarakat"
		v.Action = "/petugas/survei"
		c := components.Choice{Name: "layanan", Label: "Layanan", Placeholder: "Semua layanan", Selected: string(layanan)}
		for _, l := range survei.AllLayanan {
			c.Options = append(c.Options, components.Option{Value: string(l), Label: l.Label()})
		}
		v.Layanan = &c
	}
	// The semesters with answers, newest first, and the current one.
	var periods []survei.Semester
	for _, x := range all {
		if !slices.Contains(periods, x.Semester) {
			periods = append(periods, x.Semester)
		}
	}
	if !slices.Contains(periods, sem) {
		periods = append(periods, sem)
	}
	slices.SortFunc(periods, func(a, b survei.Semester) int { return (b.Tahun*10 + b.Ke) - (a.Tahun*10 + a.Ke) })
	for _, p := range periods {
		href := "/survei-kepuasan/" + p.String()
		if staff {
			href = "/petugas/survei?semester=" + p.String() + "&layanan=" + string(layanan)
		}
		v.Periods = append(v.Periods, sv.PeriodLink{Label: p.Label(), Href: href, Current: p == sem})
	}
	// This semester, over the chosen services.
	var total survei.Jumlah
	for _, x := range all {
		if x.Semester != sem {
			continue
		}
		if layanan == "" || x.Layanan == layanan {
			addSums(&total, x.Jumlah)
		}
		if k, ok := survei.Hitung(x.Jumlah); ok && layanan == "" {
			row := sv.ServiceRow{Layanan: x.Layanan.Label(), N: indo.Int(int64(k.N)), Konversi: "–", Mutu: tooFew}
			if staff || k.N >= survei.MinPublik {
				m := survei.MutuOf(k.Konversi)
				row.Konversi, row.Mutu = survei.Text(k.Konversi), m.Kode+" ("+m.Kinerja+")"
			}
			v.Services = append(v.Services, row)
		}
	}
	k, ok := survei.Hitung(total)
	v.Empty = !ok
	if ok && !staff && k.N < survei.MinPublik {
		v.Empty, v.TooFew = true, true
	}
	if !v.Empty {
		m := survei.MutuOf(k.Konversi)
		v.Total = sv.Score{Nilai: indo.Decimal(k.Nilai, 4), Konversi: survei.Text(k.Konversi), Mutu: m.Kode, Kinerja: m.Kinerja, N: indo.Int(int64(k.N))}
		for i, u := range survei.Unsurs {
			em := survei.MutuOf(k.NRR[i] * 25)
			v.Elements = append(v.Elements, sv.ElementRow{Kode: u.Kode, Nama: u.Nama, Total: indo.Int(int64(total.Total[i])),
				Responden: indo.Int(int64(total.Responden[i])), NRR: indo.Decimal(k.NRR[i], 2), Tertimbang: indo.Decimal(k.NRRTertimbang[i], 4),
				Konversi: survei.Text(k.NRR[i] * 25), Mutu: em.Kode})
		}
	}
	v.Trend, v.TrendRows = ikmTrend(all, layanan, staff)
	if staff {
		comments, err := s.store.SurveyComments(r.Context(), sem)
		if err != nil {
			return v, err
		}
		for _, c := range comments {
			if layanan == "" || c.Layanan == layanan {
				v.Comments = append(v.Comments, sv.Comment{Layanan: c.Layanan.Label(), Text: c.Komentar})
			}
		}
	}
	return v, nil
}

// tooFew stands for an index withheld from the public for too few respondents.
const tooFew = "kurang dari 5 responden"

func addSums(to *survei.Jumlah, x survei.Jumlah) {
	for i := range to.Total {
		to.Total[i] += x.Total[i]
		to.Responden[i] += x.Responden[i]
	}
}

// ikmTrend is the index of each semester, oldest first, as a bar chart with its table.
func ikmTrend(all []store.SurveySums, layanan survei.Layanan, staff bool) (components.DasborChart, []sv.TrendRow) {
	by := map[survei.Semester]*survei.Jumlah{}
	var order []survei.Semester
	for _, x := range all {
		if layanan != "" && x.Layanan != layanan {
			continue
		}
		if by[x.Semester] == nil {
			by[x.Semester] = &survei.Jumlah{}
			order = append(order, x.Semester)
		}
		addSums(by[x.Semester], x.Jumlah)
	}
	title := "IKM per semester"
	var bars []chart.Bar
	var rows []sv.TrendRow
	for _, sem := range order {
		k, ok := survei.Hitung(*by[sem])
		if !ok || !staff && k.N < survei.MinPublik {
			continue
		}
		m := survei.MutuOf(k.Konversi)
		label := "S" + strconv.Itoa(sem.Ke) + " " + strconv.Itoa(sem.Tahun)
		bars = append(bars, chart.Bar{Label: label, Cell: chart.Cell{Value: k.Konversi, Label: survei.Text(k.Konversi) + " (" + m.Kode + ")"}})
		rows = append(rows, sv.TrendRow{Semester: sem.Label(), N: indo.Int(int64(k.N)), Konversi: survei.Text(k.Konversi), Mutu: m.Kode + " (" + m.Kinerja + ")"})
	}
	desc := fmt.Sprintf("Diagram batang IKM unit pelayanan (skala 25–100) untuk %d semester; garis putus-putus menandai batas mutu B (76,61).", len(bars))
	c := components.DasborChart{ID: "grafik-ikm", Heading: title}
	c.SVG = chart.BarChart{ID: "grafik-ikm", Title: title, Desc: desc, Bars: bars, Max: 100,
		Ticks:     []chart.Tick{{Value: 0, Label: "0"}, {Value: 25, Label: "25"}, {Value: 50, Label: "50"}, {Value: 75, Label: "75"}, {Value: 100, Label: "100"}},
		Reference: &chart.Tick{Value: 76.61, Label: "B"}}.SVG()
	return c, rows
}
