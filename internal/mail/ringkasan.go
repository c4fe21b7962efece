package mail

import (
	"strings"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/review"
)

// RingkasanHarian is a staff member's daily digest: for each queue they work on, what came in since the last
// digest, what waits, what is past or near its deadline (the earliest named), and a link to the list.
func (l Letters) RingkasanHarian(to Recipient, d review.Digest) Message {
	blocks := []block{para("Berikut ringkasan pekerjaan di antrean Anda sejak " + indo.DateTime(d.Since) + ".")}
	for _, s := range d.Sections {
		counts := []string{indo.Int(int64(s.New)) + " baru", indo.Int(int64(s.Waiting)) + " menunggu"}
		if s.Overdue > 0 {
			counts = append(counts, indo.Int(int64(s.Overdue))+" lewat tenggat")
		}
		if s.DueSoon > 0 {
			counts = append(counts, indo.Int(int64(s.DueSoon))+" mendekati tenggat")
		}
		blocks = append(blocks, block{Kind: fact, Label: s.Title, Value: strings.Join(counts, " · ")})
		for _, it := range s.Items {
			when := "tenggat " + indo.DateTime(it.Due)
			if it.Overdue {
				when = "lewat tenggat sejak " + indo.DateTime(it.Due)
			}
			blocks = append(blocks, para("• "+oneLine(it.Reference)+" — "+oneLine(it.Instansi)+": "+when))
		}
		if s.New > 0 || s.Overdue > 0 || s.DueSoon > 0 {
			href := s.Path
			if s.Overdue > 0 && s.OverduePath != "" {
				href = s.OverduePath
			}
			blocks = append(blocks, block{Kind: button, Label: "Buka " + s.Title, Value: l.BaseURL + href})
		}
	}
	blocks = append(blocks, para("Ringkasan ini dikirim sekali sehari bila ada pekerjaan baru atau tenggat yang dekat. "+
		"Anda dapat menghentikannya di Portal Regsosek: Beranda Petugas → Pengaturan."))
	return to.letter("Ringkasan Harian Portal Regsosek — "+indo.Date(d.Date), blocks...)
}
