package server

import (
	"net/http"

	"github.com/bappenas/portal-regsosek/internal/refdata"
	"github.com/bappenas/portal-regsosek/templates/pages/public"
)

// Lampiran 2 and 3 of the pedoman: the initial identification of what Data Regsosek can support, which the
// pedoman points the pemohon to while identifying needs and writing the KAK (bab III). Public pages.

func (s *Server) handleLampiran2(w http.ResponseWriter, r *http.Request) {
	rows, err := refdata.Lampiran2()
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := public.LampiranView{Page: s.page(r, "Lampiran 2 — Prioritas Nasional"),
		Title: "Lampiran 2. Prioritas Nasional, Program Prioritas, dan Indikator RKP 2023 yang Dapat Didukung dengan Data Regsosek",
		Intro: "Identifikasi awal dukungan Data Regsosek untuk pencapaian target Prioritas Nasional, sebagai rujukan dalam mengkaji tujuan dan kebutuhan pemanfaatan serta menyusun KAK.",
		Other: "/referensi/lampiran-3", OtherLabel: "Lampiran 3: Program Kementerian/Lembaga yang dapat didukung"}
	for _, row := range rows {
		if n := len(v.Groups); n == 0 || v.Groups[n-1].Title != row.PrioritasNasional {
			v.Groups = append(v.Groups, public.LampiranGroup{Title: row.PrioritasNasional})
		}
		g := &v.Groups[len(v.Groups)-1]
		if n := len(g.Subs); n == 0 || g.Subs[n-1].Title != row.ProgramPrioritas {
			g.Subs = append(g.Subs, public.LampiranSub{Title: row.ProgramPrioritas})
		}
		sub := &g.Subs[len(g.Subs)-1]
		sub.Items = append(sub.Items, row.Indikator)
	}
	s.render(w, r, http.StatusOK, public.Lampiran(v))
}

func (s *Server) handleLampiran3(w http.ResponseWriter, r *http.Request) {
	rows, err := refdata.Lampiran3()
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := public.LampiranView{Page: s.page(r, "Lampiran 3 — Program K/L"),
		Title: "Lampiran 3. Identifikasi Program Kementerian/Lembaga yang Dapat Didukung dengan Data Regsosek",
		Intro: "Identifikasi awal program kementerian/lembaga yang dapat didukung Data Regsosek, sebagai rujukan dalam mengkaji tujuan dan kebutuhan pemanfaatan serta menyusun KAK.",
		Other: "/referensi/lampiran-2", OtherLabel: "Lampiran 2: Prioritas Nasional yang dapat didukung"}
	for _, row := range rows {
		if n := len(v.Groups); n == 0 || v.Groups[n-1].Title != row.KementerianLembaga {
			v.Groups = append(v.Groups, public.LampiranGroup{Title: row.KementerianLembaga, Subs: []public.LampiranSub{{}}})
		}
		sub := &v.Groups[len(v.Groups)-1].Subs[0]
		sub.Items = append(sub.Items, row.Program)
	}
	s.render(w, r, http.StatusOK, public.Lampiran(v))
}
