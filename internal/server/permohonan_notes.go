package server

import (
	"context"
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/request"
	"github.com/bappenas/portal-regsosek/internal/review"
	pv "github.com/bappenas/portal-regsosek/templates/pages/permohonan"
)

// revisionNotes are the verifier's "Belum Sesuai" notes of the latest return, for a permohonan in
// perlu_perbaikan; they say what the registrator may change.
type revisionNotes struct {
	active    bool
	docs      map[request.DocKind]string
	rows      map[int64]string
	kapasitas map[int64]string // rows whose operator's training evidence was marked
}

func (s *Server) notesFor(ctx context.Context, p request.Permohonan) (revisionNotes, error) {
	if p.State != request.PerluPerbaikan {
		return revisionNotes{}, nil
	}
	js, err := s.store.LastJudgements(ctx, p.ID, "")
	if err != nil {
		return revisionNotes{}, err
	}
	docs, rows := review.MarkedItems(js)
	return revisionNotes{active: true, docs: docs, rows: rows, kapasitas: review.MarkedKapasitas(js)}, nil
}

// applyNotes puts each note beside its item and locks what was not marked.
func applyNotes(n revisionNotes, rows []pv.RowView, docs []pv.DocView) {
	if !n.active {
		return
	}
	for i := range rows {
		id, _ := strconv.ParseInt(rows[i].ID, 10, 64)
		note, marked := n.rows[id]
		rows[i].Note, rows[i].Locked = note, !marked
		kNote, kMarked := n.kapasitas[id]
		rows[i].KapasitasNote = kNote
		if !kMarked {
			rows[i].KapasitasHref = ""
		}
	}
	for i := range docs {
		note, marked := n.docs[request.DocKind(docs[i].Kind)]
		docs[i].Note, docs[i].Locked = note, !marked
	}
}
