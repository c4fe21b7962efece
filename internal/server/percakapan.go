package server

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/internal/percakapan"
	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/internal/validate"
	pc "github.com/bappenas/portal-regsosek/templates/pages/percakapan"
)

// Percakapan (internal/percakapan): the thread of a permohonan or bimtek, for the registrator under /akun and
// for staff under /petugas. Reading a thread marks it read for the reader; each message is audited and emails
// the other side.

// threadPath is the thread's page for the side prefix ("/akun" or "/petugas").
func threadPath(side string, j percakapan.Jenis, id int64) string {
	return side + "/percakapan/" + string(j) + "/" + strconv.FormatInt(id, 10)
}

// threadTarget reads the thread's kind and service from the path.
func threadTarget(r *http.Request) (percakapan.Jenis, int64, bool) {
	j, ok := percakapan.ParseJenis(chi.URLParam(r, "jenis"))
	id, okID := pathID(r)
	return j, id, ok && okID
}

// threadAccess resolves who reads: the registrator's account, or a staff member who takes part in this kind of
// thread. ok is false when the answer has been written (404: another account's, or not this staff's kind).
func (s *Server) threadAccess(w http.ResponseWriter, r *http.Request) (j percakapan.Jenis, id, akunID int64, me *account.Staff, ok bool) {
	j, id, ok = threadTarget(r)
	if !ok {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	u := currentUser(r.Context())
	switch {
	case u.Registrator != nil:
		akunID = u.Registrator.AkunID
	case u.Staff != nil && percakapan.StaffMay(j, u.Staff.Roles):
		me = u.Staff
	default:
		s.renderStatus(w, r, http.StatusNotFound)
		return j, id, 0, nil, false
	}
	return j, id, akunID, me, true
}

func (s *Server) handleThread(w http.ResponseWriter, r *http.Request) {
	s.renderThread(w, r, http.StatusOK, validate.Errors{}, "")
}

func (s *Server) renderThread(w http.ResponseWriter, r *http.Request, status int, errs validate.Errors, isi string) {
	j, id, akunID, me, ok := s.threadAccess(w, r)
	if !ok {
		return
	}
	t, err := s.store.FindThread(r.Context(), j, id, akunID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	side := "/akun"
	v := pc.ThreadView{Page: s.page(r, "Percakapan "+t.Reference), Heading: "Percakapan: " + j.Label(), Reference: t.Reference, Instansi: t.InstansiNama,
		ForStaff: me != nil, Open: t.Open, Errors: errs, Isi: isi, FileHint: dokumen.RuleFor(dokumen.Lampiran).Label + ". Tanpa KTP atau data pribadi yang tidak diperlukan."}
	var reader int64
	if me != nil {
		side, reader = "/petugas", me.ID
		v.BackHref, v.BackLabel = "/petugas/percakapan", "Kembali ke daftar Percakapan"
	} else {
		v.BackHref, v.BackLabel = permohonanPath(id, ""), "Kembali ke permohonan"
		if j == percakapan.Bimtek {
			v.BackHref, v.BackLabel = bimtekPath(id, ""), "Kembali ke bimbingan teknis"
		}
	}
	v.Action = threadPath(side, j, id)
	for _, m := range t.Pesan {
		mv := pc.MessageView{At: indo.DateTime(m.At), Isi: m.Isi}
		switch {
		case m.Pihak == percakapan.Pemohon:
			mv.From, mv.Mine = "Pemohon ("+t.InstansiNama+")", me == nil
		case me != nil:
			mv.From, mv.Mine = m.StaffNama+" (Pengelola Data Regsosek)", false
		default:
			// The pemohon reads the institution, not the staff member's name.
			mv.From = "Pengelola Data Regsosek"
		}
		for _, d := range m.Lampiran {
			mv.Files = append(mv.Files, pc.FileLink{Name: d.OriginalName, Href: threadPath(side, j, id) + "/lampiran/" + strconv.FormatInt(d.ID, 10)})
		}
		v.Messages = append(v.Messages, mv)
	}
	if err := s.store.MarkThreadRead(r.Context(), t.ID, reader); err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, pc.Thread(v))
}

func (s *Server) handleThreadSend(w http.ResponseWriter, r *http.Request) {
	j, id, akunID, _, ok := s.threadAccess(w, r)
	if !ok {
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		s.renderError(w, r, err)
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	isi := percakapan.CleanIsi(r.PostFormValue("isi"))
	var errs validate.Errors
	if msg := percakapan.CheckIsi(isi); msg != "" {
		errs.Add("isi", msg)
	}
	m := store.NewPesan{Isi: isi}
	if file, header := formFile(r, "lampiran"); file != nil {
		defer file.Close()
		m.Lampiran = &dokumen.Upload{Kind: dokumen.Lampiran, Name: header.Filename, R: file}
	}
	if errs.Any() {
		s.renderThread(w, r, http.StatusUnprocessableEntity, errs, isi)
		return
	}
	err := s.store.SendPesan(r.Context(), j, id, akunID, m, s.actor(r), s.now())
	var ue *dokumen.UploadError
	switch {
	case errors.As(err, &ue):
		errs.Add("lampiran", ue.Message)
		s.renderThread(w, r, http.StatusUnprocessableEntity, errs, isi)
		return
	case errors.Is(err, store.ErrPercakapanTutup):
		s.renderMessage(w, r, http.StatusConflict, "Percakapan belum dibuka", err.Error())
		return
	case err != nil:
		s.renderError(w, r, err)
		return
	}
	side := "/akun"
	if akunID == 0 {
		side = "/petugas"
	}
	s.sessions.Put(r.Context(), sessFlash, "Pesan terkirim.")
	http.Redirect(w, r, threadPath(side, j, id), http.StatusSeeOther)
}

func (s *Server) handleThreadFile(w http.ResponseWriter, r *http.Request) {
	j, id, akunID, _, ok := s.threadAccess(w, r)
	if !ok {
		return
	}
	// The service must be the reader's before its attachments are.
	if _, err := s.store.FindThread(r.Context(), j, id, akunID); err != nil {
		s.renderError(w, r, err)
		return
	}
	docID, err := strconv.ParseInt(chi.URLParam(r, "doc"), 10, 64)
	if err != nil {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	doc, err := s.store.ThreadDocument(r.Context(), j, id, docID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.streamDocument(w, r, s.actor(r), doc, dokumen.SanitizeFilename(doc.OriginalName), string(j), id)
}

func (s *Server) handleInbox(w http.ResponseWriter, r *http.Request) {
	me := currentUser(r.Context()).Staff
	items, err := s.store.StaffInbox(r.Context(), me.ID, me.Roles)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := pc.InboxView{Page: s.page(r, "Percakapan")}
	for _, it := range items {
		v.Items = append(v.Items, pc.InboxRow{Href: threadPath("/petugas", it.Jenis, it.SubjekID), Layanan: it.Jenis.Label(), Reference: it.Reference,
			Instansi: it.InstansiNama, Terakhir: indo.DateTime(it.Terakhir), Unread: it.Unread, Mine: it.Mine})
	}
	s.render(w, r, http.StatusOK, pc.Inbox(v))
}

// threadLink is the link to a service's thread shown on its page, with the unread count; nil for a
// staff member who takes no part in that kind of thread.
func (s *Server) threadLink(r *http.Request, j percakapan.Jenis, id int64) (templ.Component, error) {
	u := currentUser(r.Context())
	switch {
	case u.Registrator != nil:
		unread, err := s.store.UnreadForAkun(r.Context(), u.Registrator.AkunID)
		if err != nil {
			return nil, err
		}
		return registratorThreadLink(j, id, unread), nil
	case u.Staff != nil && percakapan.StaffMay(j, u.Staff.Roles):
		return pc.Link("Percakapan dengan pemohon", threadPath("/petugas", j, id), 0), nil
	}
	return templ.NopComponent, nil
}

// registratorThreadLink is the registrator's link to a thread with its unread count (store.Reads.UnreadForAkun).
func registratorThreadLink(j percakapan.Jenis, id int64, unread map[string]int) templ.Component {
	return pc.Link("Percakapan dengan Pengelola Data Regsosek", threadPath("/akun", j, id), unread[string(j)+":"+strconv.FormatInt(id, 10)])
}

// unreadThreads lists, for the akun page, the services whose threads hold messages from Bappenas not read
// yet (store.Reads.UnreadForAkun).
func unreadThreads(unread map[string]int) templ.Component {
	var links []pc.UnreadLink
	for key, n := range unread {
		kind, id, _ := strings.Cut(key, ":")
		j, _ := percakapan.ParseJenis(kind)
		n64, _ := strconv.ParseInt(id, 10, 64)
		links = append(links, pc.UnreadLink{Label: j.Label(), Href: threadPath("/akun", j, n64), Unread: n})
	}
	slices.SortFunc(links, func(a, b pc.UnreadLink) int { return strings.Compare(a.Href, b.Href) })
	return pc.Unread(links)
}
