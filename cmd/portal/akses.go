package main

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/jobs"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/sepakat"
	"github.com/bappenas/portal-regsosek/internal/store"
)

// newProvisioner returns the Sepakat adapter SEPAKAT_ADAPTER names: the built-in registry (default) or the
// HTTP client of a Sepakat provisioning API.
func newProvisioner(cfg config.Config, st *store.Store) sepakat.Provisioner {
	if cfg.Sepakat.Adapter == config.SepakatHTTP {
		return &sepakat.HTTP{BaseURL: cfg.Sepakat.APIURL.String(), Token: cfg.Sepakat.Token,
			Client: &http.Client{Timeout: cfg.Sepakat.Timeout}, Retries: cfg.Sepakat.Retries, Backoff: cfg.Sepakat.Backoff}
	}
	return &store.SepakatRegistry{Store: st, Now: time.Now}
}

// newJobRunner builds the runner of the durable jobs of Tahap 4–6 (internal/jobs).
func newJobRunner(cfg config.Config, st *store.Store, log *slog.Logger, kickMail func()) (*jobs.Runner, error) {
	kr, err := crypt.NewKeyring(cfg.EncryptionKeys)
	if err != nil {
		return nil, err
	}
	return jobs.New(jobs.Runner{Store: st, Sepakat: newProvisioner(cfg, st), Keys: kr, Secret: cfg.SessionSecret,
		Mail: mail.Akses{BaseURL: cfg.BaseURL.String()}, Now: time.Now, Log: log, KickMail: kickMail}), nil
}
