// Package config reads the portal's configuration from environment variables, once, at start-up.
package config

import (
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Environments the portal knows. Development and test serve the /dev pages; production never does. An
// unset APP_ENV is production: a start that forgets it fails closed (keys required, no /dev pages).
const (
	EnvDevelopment = "development"
	EnvTest        = "test"
	EnvProduction  = "production"
)

// Config is the whole configuration. It is built by Load and passed explicitly; there is no global.
type Config struct {
	Env         string
	DatabaseURL string
	ListenAddr  string
	BaseURL     *url.URL
	VarDir      string
	LogLevel    string

	// SessionSecret keys the HMACs the portal computes over tokens it must look up without storing them
	// in clear (OTP and reset links, captcha ids). 32 bytes.
	SessionSecret []byte
	// EncryptionKeys encrypt documents and personal data at rest. The first key encrypts; all of them
	// decrypt, so a key can be rotated by putting the new one first.
	EncryptionKeys []Key

	// ReviewSLA is each review stage's service level in days, as written (REVIEW_SLA="teknis=5,substansi=10,keputusan=5");
	// review.ParseSLA reads it where the store is configured.
	ReviewSLA string
	// MaxAksesBulan is the longest access a decision may grant, in months (MAX_AKSES_BULAN).
	MaxAksesBulan int
	// RingkasanJam is the hour (0–23, Jakarta) from which the staff's daily digest is sent (RINGKASAN_JAM).
	RingkasanJam int
	// PemusnahanHari is how many days a pengguna has to upload the Berita Acara Pemusnahan Data after a row's
	// access ended (BA_PEMUSNAHAN_HARI).
	PemusnahanHari int

	Mail Mail

	// Sepakat configures the provisioning of Sepakat accounts (config/sepakat.go).
	Sepakat Sepakat

	// TTETrustRoots are the certificates e-signatures on PKS and NDA must chain to (TTE_TRUST_ROOTS, a PEM
	// file; the BSrE root in production, config/tte.go).
	TTETrustRoots []*x509.Certificate

	// DasborMinKeluarga is the disclosure-control threshold of the Dasbor Nasional: a figure built from
	// fewer families is withheld from pages, charts and downloads.
	DasborMinKeluarga int

	ShutdownTimeout time.Duration

	// TrustedProxies are the reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES): the client
	// is the rightmost address of that header that is not one of them. Empty: the peer address is the client.
	TrustedProxies []netip.Prefix
	// MetricsAddr is where /metrics is served, apart from the public listener (METRICS_ADDR); empty: off.
	MetricsAddr string
	// DBMaxConns is the size of the database pool (DB_MAX_CONNS), LISTEN connections included.
	DBMaxConns int
	// HashConcurrency bounds how many argon2id hashes (64 MiB each) run at once (PASSWORD_HASH_CONCURRENCY).
	HashConcurrency int
	// Retention is how long personal data and secrets are kept (config/ops.go).
	Retention Retention
}

// Key is one AES-256 key with the id stored beside everything it encrypts.
type Key struct {
	ID    string
	Bytes []byte
}

// Mail is the outgoing mail configuration. With no SMTP host, development and test keep mail in the
// database only (see /dev/mailbox); production refuses to start without one.
type Mail struct {
	From     string
	SMTPHost string
	SMTPPort int
	Username string
	Password string
	// StartTLS is "auto" (use it when offered), "always" or "never"; it applies when TLS is starttls.
	StartTLS string
	// TLS is MailTLSStartTLS (default, port 587) or MailTLSImplicit (port 465).
	TLS string
	// Auth is the AUTH mechanism when Username is set: auto, plain or login.
	Auth string
	// Timeout bounds the dial and every command of one connection.
	Timeout time.Duration
}

// Dev reports whether the development-only pages (/dev/mailbox, /dev/captcha) exist.
func (c Config) Dev() bool { return c.Env == EnvDevelopment || c.Env == EnvTest }

// Secure reports whether the portal is served over https, which turns on Secure cookies and HSTS.
func (c Config) Secure() bool { return c.BaseURL.Scheme == "https" }

// Load reads and validates the configuration. In development it creates the keys once under VAR_DIR and
// reuses them; in production a missing key is an error that names the variable.
func Load(getenv func(string) string) (Config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		Env:         get("APP_ENV", EnvProduction),
		DatabaseURL: get("DATABASE_URL", ""),
		ListenAddr:  get("LISTEN_ADDR", "127.0.0.1:8080"),
		VarDir:      get("VAR_DIR", "var"),
		LogLevel:    get("LOG_LEVEL", "info"),
		Mail: Mail{
			From:     get("MAIL_FROM", "Portal Regsosek <no-reply@regsosek.bappenas.go.id>"),
			SMTPHost: get("SMTP_HOST", ""),
			Username: get("SMTP_USERNAME", ""),
			Password: get("SMTP_PASSWORD", ""),
			StartTLS: get("SMTP_STARTTLS", "auto"),
		},
	}
	var errs []error
	switch c.Env {
	case EnvDevelopment, EnvTest, EnvProduction:
	default:
		errs = append(errs, fmt.Errorf("APP_ENV must be development, test or production, not %q", c.Env))
	}
	if c.DatabaseURL == "" {
		errs = append(errs, errors.New("DATABASE_URL is required (make run starts a private PostgreSQL and sets it)"))
	}
	base, err := url.Parse(get("BASE_URL", "http://"+c.ListenAddr))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		errs = append(errs, fmt.Errorf("BASE_URL must be an absolute http(s) URL"))
		base = &url.URL{Scheme: "http", Host: c.ListenAddr}
	}
	base.Path = strings.TrimSuffix(base.Path, "/")
	c.BaseURL = base

	errs = append(errs, loadOps(&c, get)...)
	defPort := "587"
	if c.Mail.TLS == MailTLSImplicit {
		defPort = "465"
	}
	port, err := strconv.Atoi(get("SMTP_PORT", defPort))
	if err != nil || port <= 0 || port > 65535 {
		errs = append(errs, errors.New("SMTP_PORT must be a port number"))
	}
	c.Mail.SMTPPort = port
	c.ReviewSLA = getenv("REVIEW_SLA")
	if c.MaxAksesBulan, err = strconv.Atoi(get("MAX_AKSES_BULAN", "12")); err != nil || c.MaxAksesBulan < 1 || c.MaxAksesBulan > 60 {
		errs = append(errs, errors.New("MAX_AKSES_BULAN must be a number of months from 1 to 60"))
	}
	if c.RingkasanJam, err = strconv.Atoi(get("RINGKASAN_JAM", "7")); err != nil || c.RingkasanJam < 0 || c.RingkasanJam > 23 {
		errs = append(errs, errors.New("RINGKASAN_JAM must be an hour from 0 to 23 (WIB)"))
	}
	if c.PemusnahanHari, err = strconv.Atoi(get("BA_PEMUSNAHAN_HARI", "30")); err != nil || c.PemusnahanHari < 1 || c.PemusnahanHari > 365 {
		errs = append(errs, errors.New("BA_PEMUSNAHAN_HARI must be a number of days from 1 to 365"))
	}
	switch c.Mail.StartTLS {
	case "auto", "always", "never":
	default:
		errs = append(errs, errors.New("SMTP_STARTTLS must be auto, always or never"))
	}
	c.DasborMinKeluarga, err = strconv.Atoi(get("DASBOR_MIN_KELUARGA", "10"))
	if err != nil || c.DasborMinKeluarga < 1 || c.DasborMinKeluarga > 1_000_000 {
		errs = append(errs, errors.New("DASBOR_MIN_KELUARGA must be a whole number of families, at least 1"))
	}
	c.ShutdownTimeout, err = time.ParseDuration(get("SHUTDOWN_TIMEOUT", "30s"))
	if err != nil {
		errs = append(errs, errors.New("SHUTDOWN_TIMEOUT must be a duration such as 30s"))
	}
	if c.Sepakat, err = loadSepakat(get, c.Env == EnvProduction); err != nil {
		errs = append(errs, err)
	}
	if c.TTETrustRoots, err = loadTrustRoots(get("TTE_TRUST_ROOTS", "")); err != nil {
		errs = append(errs, err)
	}

	secret, keys := getenv("SESSION_SECRET"), getenv("ENCRYPTION_KEYS")
	if c.Env == EnvProduction {
		if c.Mail.SMTPHost == "" {
			errs = append(errs, errors.New("SMTP_HOST is required in production"))
		}
		if c.BaseURL.Scheme != "https" {
			errs = append(errs, errors.New("BASE_URL must use https in production"))
		}
	} else if secret == "" || keys == "" {
		devSecret, devKeys, err := devKeys(c.VarDir)
		if err != nil {
			errs = append(errs, err)
		}
		if secret == "" {
			secret = devSecret
		}
		if keys == "" {
			keys = devKeys
		}
	}
	if secret == "" {
		errs = append(errs, errors.New("SESSION_SECRET is required: 32 random bytes, base64"))
	} else if c.SessionSecret, err = decodeKey(secret); err != nil {
		errs = append(errs, fmt.Errorf("SESSION_SECRET: %w", err))
	}
	if keys == "" {
		errs = append(errs, errors.New("ENCRYPTION_KEYS is required: id:base64key[,id:base64key...], 32-byte keys, the first encrypts"))
	} else if c.EncryptionKeys, err = parseKeys(keys); err != nil {
		errs = append(errs, fmt.Errorf("ENCRYPTION_KEYS: %w", err))
	}
	return c, errors.Join(errs...)
}

func decodeKey(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, errors.New("not valid base64")
	}
	if len(b) != 32 {
		return nil, fmt.Errorf("must be 32 bytes, got %d", len(b))
	}
	return b, nil
}

func parseKeys(s string) ([]Key, error) {
	var keys []Key
	seen := map[string]bool{}
	for part := range strings.SplitSeq(s, ",") {
		id, val, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok || id == "" || len(id) > 32 {
			return nil, errors.New("each key is id:base64key with an id of at most 32 characters")
		}
		if seen[id] {
			return nil, fmt.Errorf("key id %q appears twice", id)
		}
		seen[id] = true
		b, err := decodeKey(val)
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", id, err)
		}
		keys = append(keys, Key{ID: id, Bytes: b})
	}
	return keys, nil
}

// devKeys returns the development keys kept in VAR_DIR/secrets.env, creating them on first use.
func devKeys(varDir string) (secret, keys string, err error) {
	path := filepath.Join(varDir, "secrets.env")
	if b, err := os.ReadFile(path); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "SESSION_SECRET="); ok {
				secret = v
			}
			if v, ok := strings.CutPrefix(line, "ENCRYPTION_KEYS="); ok {
				keys = v
			}
		}
		if secret != "" && keys != "" {
			return secret, keys, nil
		}
	}
	secret = base64.StdEncoding.EncodeToString(rand32())
	keys = "dev1:" + base64.StdEncoding.EncodeToString(rand32())
	if err := os.MkdirAll(varDir, 0o700); err != nil {
		return "", "", fmt.Errorf("config: create %s: %w", varDir, err)
	}
	content := "# Development keys, generated once. Never use these in production.\n" +
		"SESSION_SECRET=" + secret + "\nENCRYPTION_KEYS=" + keys + "\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		return "", "", fmt.Errorf("config: write %s: %w", path, err)
	}
	return secret, keys, nil
}

func rand32() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	return b
}
