package servertest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/dokumen"
	"github.com/bappenas/portal-regsosek/internal/webtest"
)

// RegistratorPassword is the password of every registrator CreateRegistrator makes.
const RegistratorPassword = "Registrator-Uji-Portal-2026"

// Registrator is an active registrator made for a test.
type Registrator struct {
	Username, Email   string
	AkunID, PejabatID int64
}

var regSeq atomic.Int64

// CreateRegistrator makes an active akun layanan for an instansi through the store's own registration,
// approval and activation paths (no browser), for tests that start after sign-in. kategori is "pusat",
// "provinsi" or "kabupaten_kota"; kode the kode BA, province or kab/kota code.
func (p *Portal) CreateRegistrator(t testing.TB, kategori, kode, instansiNama string) Registrator {
	t.Helper()
	ctx := context.Background()
	seq := regSeq.Add(1)
	username := fmt.Sprintf("registrator.%d.%d", time.Now().UnixNano()%100000, seq)
	email := username + "@instansi.go.id"
	draftID := fmt.Sprintf("00000000-0000-4000-8000-%012d", time.Now().UnixNano()%1e12+seq)
	hash, err := account.HashPassword(RegistratorPassword)
	if err != nil {
		t.Fatal(err)
	}
	var docs map[dokumen.Kind]dokumen.Document
	now := time.Now()
	err = p.Store.SaveDraftUploads(ctx, draftID, []dokumen.Upload{
		{Kind: dokumen.KTP, Name: "ktp.png", R: bytes.NewReader(PNG(t))},
		{Kind: dokumen.SuratTugas, Name: "surat-tugas.pdf", R: bytes.NewReader(PDF(t, "Surat Tugas"))},
	}, func(d map[dokumen.Kind]dokumen.Document) ([]byte, string, error) {
		docs = d
		return []byte{}, "", nil
	}, now, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := p.Store.CreateRegistration(ctx, draftID, account.NewRegistration{Kategori: kategori, InstansiKode: kode, InstansiNama: instansiNama,
		Pejabat: account.NewPejabat{Instansi: instansiNama, UnitKerja: "Unit Data", Nama: "Registrator " + kode, NIK: "3273012706670001",
			Jabatan: "Analis Data", Email: email, EmailUnitKerja: "data@instansi.go.id", Phone: "+6281234567890", Username: username,
			PasswordHash: hash, KTPDocumentID: docs[dokumen.KTP].ID, SuratTugasDocumentID: docs[dokumen.SuratTugas].ID}},
		account.Actor{Kind: account.ActorSistem}, now)
	if err != nil {
		t.Fatal(err)
	}
	var pejabatID int64
	if err := p.Store.Pool.QueryRow(ctx, "SELECT id FROM pejabat WHERE akun_id = $1", reg.AkunID).Scan(&pejabatID); err != nil {
		t.Fatal(err)
	}
	token, code := crypt.RandomToken(), "123456"
	act := account.Activation{Token: token, Code: code, TokenHash: crypt.MAC(p.Config.SessionSecret, "aktivasi", token),
		CodeHash: crypt.MAC(p.Config.SessionSecret, "otp", code), CodeExpires: now.Add(time.Hour), LinkExpires: now.Add(time.Hour)}
	if err := p.Store.ApprovePejabat(ctx, pejabatID, act, AllKriteria(), account.Actor{Kind: account.ActorStaf, Roles: []account.Role{account.RoleVerifikatorAkun}}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Store.Activate(ctx, act.TokenHash, act.CodeHash, "", account.Actor{Kind: account.ActorSistem}, now); err != nil {
		t.Fatal(err)
	}
	return Registrator{Username: username, Email: email, AkunID: reg.AkunID, PejabatID: pejabatID}
}

// Login signs a registrator in and returns the browser-like client.
func (p *Portal) Login(t testing.TB, username, password string) *webtest.Client {
	t.Helper()
	c := webtest.NewClient(t, p.URL)
	r := c.PostForm("/masuk", webtest.Values("username", username, "password", password))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("sign-in as %s: %d", username, r.Status)
	}
	return c
}

// AllKriteria confirms every registrator criterion of §3.2.5, as a verifier approving does.
func AllKriteria() map[string]bool {
	return map[string]bool{account.KriteriaASN: true, account.KriteriaSuratTugas: true, account.KriteriaKTP: true}
}
