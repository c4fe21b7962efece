package server

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/indo"
	"github.com/bappenas/portal-regsosek/templates/pages/dev"
)

var linkPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// linkify splits a plain-text body into text and clickable links to this portal.
func (s *Server) linkify(text string) []dev.Part {
	var parts []dev.Part
	last := 0
	for _, loc := range linkPattern.FindAllStringIndex(text, -1) {
		if loc[0] > last {
			parts = append(parts, dev.Part{Text: text[last:loc[0]]})
		}
		u := text[loc[0]:loc[1]]
		href := ""
		if strings.HasPrefix(u, s.cfg.BaseURL.String()) {
			href = u
		}
		parts = append(parts, dev.Part{Text: u, Href: href})
		last = loc[1]
	}
	if last < len(text) {
		parts = append(parts, dev.Part{Text: text[last:]})
	}
	return parts
}

// handleMailbox shows every email sent, for people and browser tests in development and test.
func (s *Server) handleMailbox(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.ListMail(r.Context(), 200)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := dev.MailboxView{Page: s.page(r, "Kotak Surat Pengembangan")}
	for _, m := range list {
		body := s.linkify(m.Text)
		if !m.BodyKept {
			body = []dev.Part{{Text: "(Isi email tidak disimpan setelah terkirim.)"}}
		}
		v.Messages = append(v.Messages, dev.Message{To: m.To, Subject: m.Subject, Date: indo.DateTime(m.CreatedAt),
			State: m.State, Body: body})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, dev.Mailbox(v))
}
