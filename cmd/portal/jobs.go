package main

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/jobs"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/metrics"
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

// mailSender delivers by SMTP when a host is configured; development without one keeps mail in the
// outbox, listed at /dev/mailbox.
func mailSender(cfg config.Config) mail.Sender {
	if cfg.Mail.SMTPHost == "" {
		return mail.KeepSender{}
	}
	return &mail.SMTPSender{Host: cfg.Mail.SMTPHost, Port: cfg.Mail.SMTPPort, Username: cfg.Mail.Username,
		Password: cfg.Mail.Password, TLS: cfg.Mail.TLS, StartTLS: cfg.Mail.StartTLS, Auth: cfg.Mail.Auth,
		Timeout: cfg.Mail.Timeout, From: cfg.Mail.From}
}

// newJobs builds the river client of the portal's background work (internal/jobs) over the store's pool;
// failed runs are counted in m.
func newJobs(cfg config.Config, st *store.Store, log *slog.Logger, m *metrics.Metrics) (*river.Client[pgx.Tx], error) {
	return jobs.NewClient(st.Pool, jobs.Config{Store: st, Sepakat: newProvisioner(cfg, st), Sender: mailSender(cfg),
		From: cfg.Mail.From, Log: log, DigestHour: cfg.RingkasanJam, Retention: retentionPolicy(cfg), Failed: m.JobFailed})
}

// retentionPolicy is the retention schedule of the configuration; outside development and test a delivered
// email's body is dropped (development keeps it for /dev/mailbox).
func retentionPolicy(cfg config.Config) store.RetentionPolicy {
	day := 24 * time.Hour
	return store.RetentionPolicy{KTP: time.Duration(cfg.Retention.KTPDays) * day, Mail: time.Duration(cfg.Retention.MailDays) * day,
		DropMailBodies: !cfg.Dev()}
}

// stopJobs lets the jobs running finish within timeout, then cancels them: river gives a cancelled run's
// job back to the queue, and the next start runs it again.
func stopJobs(client *river.Client[pgx.Tx], log *slog.Logger, timeout time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := client.Stop(ctx); err == nil {
		return
	}
	log.Warn("jobs still running at shutdown; cancelling them")
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := client.StopAndCancel(ctx); err != nil {
		log.Error("stop jobs", "err", err)
	}
}

// poolSize sizes the pool to DB_MAX_CONNS unless DATABASE_URL does (pool_max_conns). Two connections are held
// for as long as the portal serves (river's LISTEN and the Dasbor cache's), and each email delivery and
// Sepakat call holds one while it runs (up to 5 + 10 river workers); the rest serve requests. With several
// instances, their sum must stay under PostgreSQL's max_connections (docs/operations.md).
func poolSize(cfg config.Config) func(*pgxpool.Config) {
	return func(c *pgxpool.Config) {
		if !strings.Contains(cfg.DatabaseURL, "pool_max_conns") {
			c.MaxConns = int32(cfg.DBMaxConns)
		}
	}
}
