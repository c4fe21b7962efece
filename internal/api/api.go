// Package api holds the rules of the portal's machine API (/api/v1, described by the OpenAPI 3.1 document
// openapi.json served at /api/openapi.json): the keys systems use (scopes, the state machine of a key, the
// token format), the error codes, the cursor of the changes feed and which timeline events the feed carries,
// and the JSON shapes. Sepakat, or a K/L system, follows grants, extensions and revocations with it without a
// person, the way REMS' entitlement API serves its consumers. Pure: no I/O.
package api

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bappenas/portal-regsosek/internal/account"
	"github.com/bappenas/portal-regsosek/internal/fsm"
	"github.com/bappenas/portal-regsosek/internal/validate"
)

// Scope is what a key may read besides the public register.
type Scope string

// The scopes.
const (
	ScopeHakAkses   Scope = "hak_akses"  // the entitlements in force
	ScopePermohonan Scope = "permohonan" // a permohonan's state
	ScopePerubahan  Scope = "perubahan"  // the changes feed
)

// AllScopes lists the scopes in the order forms show them.
var AllScopes = []Scope{ScopeHakAkses, ScopePerubahan, ScopePermohonan}

var scopeLabels = map[Scope]string{
	ScopeHakAkses:   "Hak akses yang berlaku (akun operator, tingkat, wilayah, sampai)",
	ScopePerubahan:  "Perubahan hak akses sejak kursor (diberikan, diperpanjang, dicabut, berakhir)",
	ScopePermohonan: "Status permohonan",
}

// Label describes a scope.
func (s Scope) Label() string { return scopeLabels[s] }

// ParseScopes reads the scopes ticked on a form: at least one, each known.
func ParseScopes(values []string) ([]Scope, string) {
	var out []Scope
	for _, v := range values {
		s := Scope(v)
		if !slices.Contains(AllScopes, s) {
			return nil, "Cakupan tidak dikenal."
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, "Pilih paling sedikit satu cakupan."
	}
	return out, ""
}

// Limits of the requests a key may make per minute.
const (
	DefaultPerMinute = 60
	MaxPerMinute     = 6000
)

// PublicPerMinute is how many requests a client without a key may make to the public register per minute.
const PublicPerMinute = 120

// CheckNama checks a key's name: who it is for.
func CheckNama(s string) string {
	if n := len([]rune(s)); n < 3 || n > 100 {
		return "Tuliskan nama sistem pemakai kunci (3–100 karakter), misalnya \u201cSepakat — produksi\u201d."
	}
	return ""
}

// CheckPerMinute checks the limit typed for a key.
func CheckPerMinute(s string) (int, string) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > MaxPerMinute {
		return 0, "Batas permintaan harus bilangan bulat 1–" + strconv.Itoa(MaxPerMinute) + " per menit."
	}
	return n, ""
}

// KeyState is where a key is: in use, or revoked for good.
type KeyState string

// The key states.
const (
	KeyAktif   KeyState = "aktif"
	KeyDicabut KeyState = "dicabut"
)

// KeyEvent moves a key.
type KeyEvent string

// Cabut revokes a key: every call with it gets 401 from then on.
const Cabut KeyEvent = "cabut"

type keyMove = fsm.Move[KeyState, KeyEvent, account.Role]

// KeyMachine is a key's state machine; the admin issues, lists and revokes keys.
var KeyMachine = fsm.New(
	keyMove{Event: Cabut, From: []KeyState{KeyAktif}, To: KeyDicabut, Roles: []account.Role{account.RoleAdmin}},
)

// ErrAlasanCabut asks for a reason to revoke a key.
var ErrAlasanCabut = validate.Refusal("Tuliskan alasan mencabut kunci (paling sedikit 10 karakter).")

// TokenPrefix starts every key, so a key that leaks into a repository or a log can be recognised.
const TokenPrefix = "rgsk_"

var tokenRE = regexp.MustCompile(`^rgsk_[A-Za-z0-9_-]{43}$`)

// NewToken makes a key: the prefix and 256 random bits. The portal keeps only its HMAC.
func NewToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand does not fail on Linux
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// WellFormed reports whether s can be a key at all, before any lookup.
func WellFormed(s string) bool { return tokenRE.MatchString(s) }

// Hint is the part of a key shown in lists, to tell keys apart without revealing them.
func Hint(token string) string {
	if len(token) < len(TokenPrefix)+6 {
		return ""
	}
	return token[:len(TokenPrefix)+6] + "…"
}

// BearerToken reads "Authorization: Bearer <key>"; ok is false when no such header was sent.
func BearerToken(h http.Header) (string, bool) {
	v := h.Get("Authorization")
	if v == "" {
		return "", false
	}
	scheme, token, found := strings.Cut(v, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", true
	}
	return strings.TrimSpace(token), true
}

// Code is a stable error code: clients branch on it, never on the message.
type Code string

// The error codes.
const (
	CodeKunciDiperlukan   Code = "kunci_diperlukan"
	CodeKunciTidakValid   Code = "kunci_tidak_valid"
	CodeCakupan           Code = "cakupan_tidak_cukup"
	CodeTidakDitemukan    Code = "tidak_ditemukan"
	CodeParameter         Code = "parameter_tidak_valid"
	CodeKursor            Code = "kursor_tidak_valid"
	CodeBatasPermintaan   Code = "batas_permintaan"
	CodeMetode            Code = "metode_tidak_diizinkan"
	CodeKesalahanServer   Code = "kesalahan_server"
	CodeLayananTidakSiaga Code = "layanan_tidak_tersedia"
)

// Problem is an error answer (RFC 9457 problem details, with the portal's stable code).
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Kode   Code   `json:"kode"`
	Detail string `json:"detail"`
}

var problems = map[Code]struct {
	status int
	detail string
}{
	CodeKunciDiperlukan:   {http.StatusUnauthorized, "Kirim kunci API pada header Authorization: Bearer <kunci>."},
	CodeKunciTidakValid:   {http.StatusUnauthorized, "Kunci API tidak dikenal atau sudah dicabut."},
	CodeCakupan:           {http.StatusForbidden, "Kunci API ini tidak mencakup data yang diminta."},
	CodeTidakDitemukan:    {http.StatusNotFound, "Data yang diminta tidak ditemukan."},
	CodeParameter:         {http.StatusBadRequest, "Parameter permintaan tidak valid."},
	CodeKursor:            {http.StatusBadRequest, "Kursor tidak valid; gunakan nilai kursor dari jawaban sebelumnya."},
	CodeBatasPermintaan:   {http.StatusTooManyRequests, "Batas permintaan per menit terlampaui; ulangi setelah waktu pada header Retry-After."},
	CodeMetode:            {http.StatusMethodNotAllowed, "Metode HTTP ini tidak didukung pada alamat ini."},
	CodeKesalahanServer:   {http.StatusInternalServerError, "Terjadi kesalahan pada sistem; ulangi beberapa saat lagi."},
	CodeLayananTidakSiaga: {http.StatusServiceUnavailable, "Layanan sedang tidak tersedia; ulangi beberapa saat lagi."},
}

// ProblemOf is the answer for a code, with detail replacing the default sentence when given.
func ProblemOf(c Code, detail string) Problem {
	p := problems[c]
	if detail == "" {
		detail = p.detail
	}
	return Problem{Type: "about:blank", Title: http.StatusText(p.status), Status: p.status, Kode: c, Detail: detail}
}

// AllCodes lists every code, for the OpenAPI document's test.
func AllCodes() []Code {
	out := make([]Code, 0, len(problems))
	for c := range problems {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// Cursor is a position in the changes feed: after the change id of transaction xid. Changes are read in
// (transaction, id) order and only from transactions older than every one still running, so a change
// committed late by a long transaction is never skipped by a client that already moved past its id.
type Cursor struct {
	XID string // a PostgreSQL xid8, as digits
	ID  int64
}

var xidRE = regexp.MustCompile(`^[0-9]{1,20}$`)

// String writes the cursor as the opaque token clients send back.
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1." + c.XID + "." + strconv.FormatInt(c.ID, 10)))
}

// ErrCursor is a cursor the portal did not write.
var ErrCursor = errors.New("api: cursor not valid")

// ParseCursor reads a cursor; the empty string is the start of the feed.
func ParseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{XID: "0"}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 64 {
		return Cursor{}, ErrCursor
	}
	parts := strings.Split(string(b), ".")
	if len(parts) != 3 || parts[0] != "v1" || !xidRE.MatchString(parts[1]) {
		return Cursor{}, ErrCursor
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id < 0 {
		return Cursor{}, ErrCursor
	}
	return Cursor{XID: parts[1], ID: id}, nil
}

// ChangeKind is what a change in the feed did to one entitlement (a Sepakat account). The database names
// them as it records each change (migration 030, hak_akses_perubahan): one account at a time, so a row revoked
// or extended alone, and an operator replaced, are followed like the whole permohonan's moves.
type ChangeKind string

// The kinds of change.
const (
	AksesDiberikan    ChangeKind = "akses_diberikan"    // the account is made in Sepakat: given, or a replacing operator's
	AksesDiperpanjang ChangeKind = "akses_diperpanjang" // its end moved later (the permohonan or the row alone), or re-opened
	AksesDiubah       ChangeKind = "akses_diubah"       // its end moved earlier while in force
	AksesDicabut      ChangeKind = "akses_dicabut"      // revoked (the permohonan or the row alone)
	AksesBerakhir     ChangeKind = "akses_berakhir"     // its end came
	OperatorDiganti   ChangeKind = "operator_diganti"   // closed for a new operator (Penggantian Operator); the new account follows as akses_diberikan
)

// ChangeKinds lists every kind, for the OpenAPI document's test.
func ChangeKinds() []ChangeKind {
	return []ChangeKind{AksesDiberikan, AksesDiperpanjang, AksesDiubah, AksesDicabut, AksesBerakhir, OperatorDiganti}
}

// Page sizes of the lists.
const (
	DefaultBatas = 100
	MaxBatas     = 500
)

// ParseBatas reads a page size; "" is the default.
func ParseBatas(s string) (int, bool) {
	if s == "" {
		return DefaultBatas, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= MaxBatas
}
