package server

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/bappenas/portal-regsosek/internal/store"
	"github.com/bappenas/portal-regsosek/templates/components"
	"github.com/bappenas/portal-regsosek/templates/pages/daftar"
)

// The registration wizard (pedoman §3.3.5 Tahap 1.1). Its state lives on the server in an encrypted draft
// keyed by a long-lived cookie, so "Kembali", a reload, a second tab or a return days later loses nothing;
// the account is written only by "Simpan".
const (
	draftCookie   = "regsosek_daftar"
	draftLifetime = 7 * 24 * time.Hour
	// wizardLimit bounds step-4 submissions and "Simpan" per IP per hour: generous enough for an office
	// behind one address, tight enough to stop a script.
	wizardLimit = 60
)

var wizardSteps = []struct{ label, path string }{
	{"Tipe Pemohon", "/daftar/tipe-pemohon"},
	{"Informasi Instansi", "/daftar/informasi-instansi"},
	{"Informasi Pemohon", "/daftar/informasi-pemohon"},
	{"Pembuatan Akun", "/daftar/pembuatan-akun"},
}

// regDraft is the wizard's state. Done counts the steps completed and valid.
type regDraft struct {
	Done           int    `json:"done"`
	Kategori       string `json:"kategori"`
	InstansiKode   string `json:"instansi_kode"`
	InstansiNama   string `json:"instansi_nama"`
	Instansi       string `json:"instansi"`
	UnitKerja      string `json:"unit_kerja"`
	Nama           string `json:"nama"`
	NIK            string `json:"nik"`
	Jabatan        string `json:"jabatan"`
	Email          string `json:"email"`
	EmailUnitKerja string `json:"email_unit_kerja"`
	Phone          string `json:"phone"`
	Username       string `json:"username"`
	PasswordHash   string `json:"password_hash"`
	KTPID          int64  `json:"ktp_id"`
	KTPName        string `json:"ktp_name"`
	SuratTugasID   int64  `json:"surat_tugas_id"`
	SuratTugasName string `json:"surat_tugas_name"`
	Setuju         bool   `json:"setuju"`
	Benar          bool   `json:"benar"`
}

type wizardState struct {
	id     string
	d      regDraft
	akunID *int64
}

func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func draftAAD(id string) []byte { return store.DraftAAD(id) }

// loadDraft returns this browser's draft, or a fresh one (not yet saved) with a new id.
func (s *Server) loadDraft(w http.ResponseWriter, r *http.Request) (wizardState, error) {
	if c, err := r.Cookie(draftCookie); err == nil && len(c.Value) == 36 {
		d, err := s.store.FindDraft(r.Context(), c.Value, s.now())
		switch {
		case err == nil:
			st := wizardState{id: d.ID, akunID: d.AkunID}
			if len(d.Payload) > 0 {
				plain, err := s.store.Keys.Open(d.KeyID, d.Payload, draftAAD(d.ID))
				if err != nil {
					return st, fmt.Errorf("wizard: decrypt draft: %w", err)
				}
				if err := json.Unmarshal(plain, &st.d); err != nil {
					return st, fmt.Errorf("wizard: decode draft: %w", err)
				}
			}
			return st, nil
		case !errors.Is(err, store.ErrNotFound):
			return wizardState{}, err
		}
	}
	st := wizardState{id: newUUID()}
	s.setDraftCookie(w, st.id)
	return st, nil
}

func (s *Server) setDraftCookie(w http.ResponseWriter, id string) {
	http.SetCookie(w, &http.Cookie{Name: draftCookie, Value: id, Path: "/daftar", MaxAge: int(draftLifetime.Seconds()),
		HttpOnly: true, Secure: s.cfg.Secure(), SameSite: http.SameSiteLaxMode})
}

func (s *Server) sealDraft(st wizardState) ([]byte, string, error) {
	plain, err := json.Marshal(st.d)
	if err != nil {
		return nil, "", err
	}
	keyID, ct, err := s.store.Keys.Seal(plain, draftAAD(st.id))
	return ct, keyID, err
}

func (s *Server) saveDraft(ctx context.Context, st wizardState) error {
	payload, keyID, err := s.sealDraft(st)
	if err != nil {
		return err
	}
	now := s.now()
	return s.store.SaveDraft(ctx, store.Draft{ID: st.id, Payload: payload, KeyID: keyID}, now, now.Add(draftLifetime))
}

func (s *Server) wizard(r *http.Request, st wizardState, current int) daftar.Wizard {
	steps := make([]components.Step, len(wizardSteps))
	for i, ws := range wizardSteps {
		state := "todo"
		switch {
		case i == current:
			state = "current"
		case i < st.d.Done:
			state = "done"
		}
		href := ""
		if i <= st.d.Done {
			href = ws.path
		}
		steps[i] = components.Step{Label: ws.label, Href: href, State: state}
	}
	title, stepOf := "Daftar Akun Layanan", ""
	if current < len(wizardSteps) {
		// "Langkah 2 dari 4" in the heading and the title: where one is, said first (GOV.UK question pages).
		stepOf = "Langkah " + strconv.Itoa(current+1) + " dari " + strconv.Itoa(len(wizardSteps))
		title = wizardSteps[current].label + " — " + stepOf + " — Daftar Akun Layanan"
	}
	return daftar.Wizard{Page: s.page(r, title), Steps: steps, StepOf: stepOf}
}

// withDraft loads the draft and sends a finished one to its confirmation.
func (s *Server) withDraft(next func(http.ResponseWriter, *http.Request, wizardState)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, err := s.loadDraft(w, r)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if st.akunID != nil && r.URL.Path != "/daftar/selesai" && r.URL.Path != "/daftar/baru" {
			http.Redirect(w, r, "/daftar/selesai", http.StatusSeeOther)
			return
		}
		next(w, r, st)
	}
}

// gate sends a visitor who skipped ahead to the first step not yet done.
func gate(w http.ResponseWriter, r *http.Request, st wizardState, step int) bool {
	if st.d.Done < step {
		http.Redirect(w, r, wizardSteps[st.d.Done].path, http.StatusSeeOther)
		return false
	}
	return true
}

func back(r *http.Request) bool { return r.PostFormValue("aksi") == "kembali" }
