package server

import (
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// mayViewDocument decides who sees a document: an official their own KTP and Surat Tugas, the account's
// registrator its permohonan's documents, and the staff whose work needs it — never a draft's, which is
// the registrator's alone. Everyone else is told it does not exist.
func (s *Server) mayViewDocument(r *http.Request, id int64) (bool, error) {
	u := currentUser(r.Context())
	o, err := s.store.FindDocumentOwner(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	personal := o.PejabatID != 0
	if u.Registrator != nil {
		if personal {
			// Not the account's: a successor's or a predecessor's KTP is theirs, whoever holds the office now.
			return o.PejabatID == u.Registrator.PejabatID, nil
		}
		return o.AkunID == u.Registrator.AkunID, nil
	}
	if u.Staff == nil || o.Draft {
		return false, nil
	}
	if personal {
		return u.Staff.HasRole(account.RoleVerifikatorAkun) || u.Staff.HasRole(account.RoleAdmin), nil
	}
	for _, role := range []account.Role{account.RoleVerifikatorTeknis, account.RoleVerifikatorSubstansi,
		account.RoleDirekturPengampu, account.RoleProdusenData, account.RoleAdmin} {
		if u.Staff.HasRole(role) {
			return true, nil
		}
	}
	// The operator sepakat prepares access from the agreements (Tahap 5): PKS/NDA and their countersigned
	// copies, and the SK Forum Satu Data that lifts the six-month rule, but no other document.
	if u.Staff.HasRole(account.RoleOperatorSepakat) {
		kind, err := s.store.AgreementDocumentKind(r.Context(), id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return false, err
		}
		return isAgreementDoc(kind), nil
	}
	return false, nil
}

// handleDokumen streams a decrypted document to someone allowed to see it, and records the view.
func (s *Server) handleDokumen(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := pathID(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	allowed, err := s.mayViewDocument(r, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !allowed {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	doc, err := s.store.FindDocument(ctx, id)
	if err == nil && doc.PurgedAt != nil {
		err = store.ErrDocumentPurged
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.store.Audit(ctx, s.actor(r), store.AuditEntry{Action: "dokumen.lihat", ObjectType: "dokumen", ObjectID: id,
		Detail: map[string]any{"jenis": string(doc.Kind)}}); err != nil {
		s.renderError(w, r, err)
		return
	}
	disposition := "attachment"
	inline := r.URL.Query().Get("tampil") == "1"
	if inline {
		disposition = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", doc.ContentType)
	h.Set("Content-Length", strconv.FormatInt(doc.Size, 10))
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": doc.OriginalName}))
	h.Set("Cache-Control", "private, no-store")
	if inline {
		// Opened in place inside the portal's own review page: framing by this origin only. No sandbox,
		// which would stop the browser's PDF viewer.
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'")
		h.Set("X-Frame-Options", "SAMEORIGIN")
	} else {
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	}
	if err := s.store.WriteDocument(ctx, id, w); err != nil {
		// Headers are gone; the short Content-Length tells the client the download broke.
		s.log.Error("document stream failed", "request_id", requestIDFrom(ctx), "document_id", id, "err", err)
	}
}
