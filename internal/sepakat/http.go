package sepakat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// HTTP is the adapter for a Sepakat provisioning API (README "Sepakat provisioning API"). It sends JSON with
// a bearer token and an Idempotency-Key header, and retries a temporary failure (a 5xx, 429 or a network
// error) up to Retries more times, waiting Backoff, then twice that, and so on (plus up to a quarter of
// jitter). A 4xx other than 429 is returned at once as a permanent *Error carrying the API's message.
type HTTP struct {
	BaseURL string // e.g. https://sepakat.example.go.id/api/v1
	Token   string
	Client  *http.Client
	Retries int
	Backoff time.Duration
}

// maxMessage bounds an error message kept from a response: enough for a sentence, never a whole page.
const maxMessage = 300

type createBody struct {
	Username      string   `json:"username"`
	Password      string   `json:"password"`
	Wilayah       string   `json:"wilayah"`
	JenisData     string   `json:"jenis_data"`
	Tingkat       int      `json:"tingkat"`
	BerlakuSampai string   `json:"berlaku_sampai"`
	Instansi      string   `json:"instansi"`
	Pengguna      string   `json:"pengguna"`
	Operator      operator `json:"operator"`
}

type operator struct {
	Nama  string `json:"nama"`
	Email string `json:"email"`
}

// Create posts the account to /accounts. The API answers 201 with {"id": ...}, or 200 with the same body
// when it has seen the idempotency key.
func (h *HTTP) Create(ctx context.Context, key string, a Account) (string, error) {
	body := createBody{Username: a.Username, Password: a.Password, Wilayah: a.Wilayah, JenisData: a.JenisData, Tingkat: a.Tingkat,
		BerlakuSampai: a.BerlakuSampai.Format(time.DateOnly), Instansi: a.Instansi, Pengguna: a.Pengguna,
		Operator: operator{Nama: a.OperatorNama, Email: a.OperatorEmail}}
	var out struct {
		ID string `json:"id"`
	}
	if err := h.do(ctx, "create", http.MethodPost, "/accounts", key, body, &out, a.Password, a.OperatorNama, a.OperatorEmail); err != nil {
		return "", err
	}
	if out.ID == "" {
		out.ID = a.Username
	}
	return out.ID, nil
}

// Extend posts the new end date to /accounts/{username}/extend.
func (h *HTTP) Extend(ctx context.Context, key, username string, until time.Time) error {
	return h.do(ctx, "extend", http.MethodPost, "/accounts/"+url.PathEscape(username)+"/extend", key,
		map[string]string{"berlaku_sampai": until.Format(time.DateOnly)}, nil)
}

// Revoke posts to /accounts/{username}/revoke; a 404 means there is nothing left to close.
func (h *HTTP) Revoke(ctx context.Context, key, username, reason string) error {
	err := h.do(ctx, "revoke", http.MethodPost, "/accounts/"+url.PathEscape(username)+"/revoke", key,
		map[string]string{"alasan": reason}, nil)
	var e *Error
	if errors.As(err, &e) && e.Status == http.StatusNotFound {
		return nil
	}
	return err
}

// SetPassword puts the new password to /accounts/{username}/password.
func (h *HTTP) SetPassword(ctx context.Context, key, username, password string) error {
	return h.do(ctx, "set_password", http.MethodPut, "/accounts/"+url.PathEscape(username)+"/password", key,
		map[string]string{"password": password}, nil, password)
}

// do sends one call, retrying temporary failures. secrets are cut out of any message kept from a response,
// so an API that echoes the request cannot put a password or an operator's name into the job table or the
// log.
func (h *HTTP) do(ctx context.Context, op, method, path, key string, in, out any, secrets ...string) error {
	payload, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("sepakat: %s: %w", op, err)
	}
	wait := h.Backoff
	if wait <= 0 {
		wait = 500 * time.Millisecond
	}
	var last error
	for attempt := 0; attempt <= max(h.Retries, 0); attempt++ {
		if attempt > 0 {
			jitter := time.Duration(rand.Int64N(int64(wait)/4 + 1))
			t := time.NewTimer(wait + jitter)
			select {
			case <-ctx.Done():
				t.Stop()
				return &Error{Op: op, Message: "dibatalkan: " + ctx.Err().Error(), Temporary: true}
			case <-t.C:
			}
			wait *= 2
		}
		last = h.once(ctx, op, method, path, key, payload, out, secrets)
		var e *Error
		if last == nil || !errors.As(last, &e) || !e.Temporary {
			return last
		}
	}
	return last
}

func (h *HTTP) once(ctx context.Context, op, method, path, key string, payload []byte, out any, secrets []string) error {
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(h.BaseURL, "/")+path, bytes.NewReader(payload))
	if err != nil {
		return &Error{Op: op, Message: "alamat API tidak sah"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+h.Token)
	req.Header.Set("Idempotency-Key", key)
	req.Header.Set("User-Agent", "portal-regsosek")
	client := h.Client
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		// The URL error names the host, never the body: safe to keep.
		cause := err
		if u := errors.Unwrap(err); u != nil {
			cause = u
		}
		return &Error{Op: op, Message: "tidak dapat menghubungi Sepakat: " + cause.Error(), Temporary: true}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		if out != nil && len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, out); err != nil {
				return &Error{Op: op, Status: resp.StatusCode, Message: "jawaban Sepakat bukan JSON yang dikenal", Temporary: true}
			}
		}
		return nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return &Error{Op: op, Status: resp.StatusCode, Message: message(body, secrets...), Temporary: true}
	default:
		return &Error{Op: op, Status: resp.StatusCode, Message: message(body, secrets...)}
	}
}

// message takes the API's explanation from a JSON error body ({"error": ...}, {"message": ...} or
// {"pesan": ...}), or the start of a plain one, on one line and cut short. What the request sent that must
// not be kept — the password, the operator's name and email — is hidden where the API echoes it: the
// message goes to the log and to the staff's Operasi page.
func message(body []byte, secrets ...string) string {
	var m map[string]any
	msg := ""
	if json.Unmarshal(body, &m) == nil {
		for _, k := range []string{"error", "message", "pesan", "detail"} {
			if s, ok := m[k].(string); ok && s != "" {
				msg = s
				break
			}
		}
	}
	if msg == "" && utf8.Valid(body) && !bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")) {
		msg = string(body)
	}
	for _, secret := range secrets {
		if secret != "" {
			msg = strings.ReplaceAll(msg, secret, "[disembunyikan]")
		}
	}
	msg = strings.Join(strings.Fields(msg), " ")
	if r := []rune(msg); len(r) > maxMessage {
		msg = string(r[:maxMessage]) + "…"
	}
	if msg == "" {
		msg = "tanpa keterangan"
	}
	return msg
}
