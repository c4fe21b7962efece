// Command portal is the Portal Regsosek server and its maintenance commands.
//
//	portal serve              serve HTTP (migrates first outside production)
//	portal migrate            apply pending migrations
//	portal seed [--demo] [--synthetic] [--nasional]
//	                          load reference data; --demo also creates demo accounts, --synthetic publishes a
//	                          synthetic Dasbor release when none is published, --nasional loads the
//	                          national-volume data set of make bench (all development only)
//	portal staff create ...   create a staff account; prints a one-time password and the TOTP secret
//	portal keys status|rotate how many values each encryption key seals; seal everything under the newest
//	portal healthcheck        exit 0 when the portal at LISTEN_ADDR answers /readyz (container healthcheck)
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bappenas/portal-regsosek/internal/config"
	"github.com/bappenas/portal-regsosek/internal/crypt"
	"github.com/bappenas/portal-regsosek/internal/mail"
	"github.com/bappenas/portal-regsosek/internal/metrics"
	"github.com/bappenas/portal-regsosek/internal/refdata"
	"github.com/bappenas/portal-regsosek/internal/review"
	"github.com/bappenas/portal-regsosek/internal/server"
	"github.com/bappenas/portal-regsosek/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

const usage = `usage: portal <command>

commands:
  serve             serve HTTP on LISTEN_ADDR
  migrate           apply pending database migrations
  seed [--demo] [--synthetic] [--nasional]
                    load reference data; --demo adds demo data, --synthetic a synthetic Dasbor
                    release when none is published, --nasional the national-volume data set of
                    make bench (none of them in production)
  staff create --username U --role ROLE [--role ROLE...] [--nama NAMA] [--email EMAIL]
  keys status       how many values and documents each key of ENCRYPTION_KEYS seals
  keys rotate [--batas N]
                    seal every value and document again under the first key (resumable)
  healthcheck       exit 0 when this instance answers /readyz (for a container's healthcheck)`

// run is main without the process: everything it needs comes in as arguments, so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	if args[0] == "healthcheck" {
		// Needs nothing but where this instance listens: the image has no curl (distroless).
		return healthcheck(ctx, getenv("LISTEN_ADDR"))
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n  %s", strings.ReplaceAll(err.Error(), "\n", "\n  "))
	}
	log := newLogger(cfg, stderr)
	switch args[0] {
	case "migrate":
		if err := store.Migrate(ctx, cfg.DatabaseURL); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "Migrasi basis data selesai.")
		return nil
	case "seed":
		return seed(ctx, cfg, args[1:], stdout)
	case "serve":
		return serve(ctx, cfg, getenv, log, stdout)
	case "staff":
		return staffCommand(ctx, cfg, args[1:], stdout)
	case "keys":
		return keysCommand(ctx, cfg, args[1:], stdout)
	default:
		return fmt.Errorf("unknown command %q\n%s", args[0], usage)
	}
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Env == config.EnvProduction {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func seed(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	demo, synthetic, nasional := false, false, false
	for _, a := range args {
		switch a {
		case "--demo":
			demo = true
		case "--synthetic":
			synthetic = true
		case "--nasional":
			nasional = true
		default:
			return fmt.Errorf("seed: unknown flag %q", a)
		}
	}
	if demo && cfg.Env == config.EnvProduction {
		return errors.New("seed --demo is refused in production")
	}
	if synthetic && cfg.Env == config.EnvProduction {
		return errors.New("seed --synthetic is refused in production")
	}
	if nasional && cfg.Env == config.EnvProduction {
		return errors.New("seed --nasional is refused in production")
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := refdata.Load(ctx, st.Pool); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Data referensi: %d provinsi, %d kabupaten/kota, %d kecamatan, %d desa/kelurahan, %d kementerian/lembaga.\n",
		refdata.CountProvinsi, refdata.CountKabupatenKota, refdata.CountKecamatan, refdata.CountDesaKelurahan, refdata.CountKL)
	if synthetic {
		if err := seedSynthetic(ctx, st, stdout); err != nil {
			return err
		}
	}
	if demo {
		if err := seedDemo(ctx, st, stdout); err != nil {
			return err
		}
	}
	if nasional {
		return seedNasional(ctx, st, cfg.VarDir, stdout)
	}
	return nil
}

// openStore opens the database and configures the store from cfg, the one place the portal builds its
// keyring and reads the review deadlines (REVIEW_SLA): the store encrypts with the keyring, writes its
// letters with links under BASE_URL, and keys its credentials links with SESSION_SECRET. configure adjusts
// the pool as store.Open's does.
func openStore(ctx context.Context, cfg config.Config, configure ...func(*pgxpool.Config)) (*store.Store, error) {
	sla, err := review.ParseSLA(cfg.ReviewSLA)
	if err != nil {
		return nil, fmt.Errorf("configuration:\n  %s", err)
	}
	keys, err := crypt.NewKeyring(cfg.EncryptionKeys)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, configure...)
	if err != nil {
		return nil, err
	}
	st.SLA, st.Keys, st.PemusnahanHari = sla, keys, cfg.PemusnahanHari
	st.Letters = mail.Letters{BaseURL: cfg.BaseURL.String()}
	st.NewLink = store.CredentialLinks(cfg.SessionSecret)
	st.NewSurveyLink = store.SurveyLinks(cfg.SessionSecret)
	return st, nil
}

// memoryLimit is the Go runtime's soft memory limit when GOMEMLIMIT does not set one: room for the portal
// itself and for each password hash the gate lets run (64 MiB each, and their garbage), so under a flood of
// sign-ins the collector works harder instead of letting dead hash buffers pile up.
func memoryLimit(cfg config.Config) int64 {
	return 96<<20 + int64(cfg.HashConcurrency)*80<<20
}

func serve(ctx context.Context, cfg config.Config, getenv func(string) string, log *slog.Logger, stdout io.Writer) error {
	if cfg.Env != config.EnvProduction {
		if err := store.Migrate(ctx, cfg.DatabaseURL); err != nil {
			return err
		}
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit(cfg))
	}
	st, err := openStore(ctx, cfg, poolSize(cfg))
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.ListenAddr, err)
	}
	m := metrics.New()
	m.WatchDatabase(st, log)
	if cfg.MetricsAddr != "" {
		stopMetrics, err := serveMetrics(ctx, cfg.MetricsAddr, m, log, stdout)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	// Background work on river (internal/jobs): email delivery, Sepakat provisioning, the expiry of access,
	// Tahap 4 after an approval, and the periodic reminders and cleanups. It stops after the HTTP server, so
	// the jobs a last request enqueued still start, and running ones get the shutdown timeout to finish.
	client, err := newJobs(cfg, st, log, m)
	if err != nil {
		return err
	}
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	defer stopJobs(client, log, cfg.ShutdownTimeout)

	// The Dasbor Nasional release is kept in memory and reloaded when any instance publishes one.
	dasborCache := server.NewDasborCache(st, log, cfg.DasborMinKeluarga)
	listenCtx, stopListen := context.WithCancel(context.WithoutCancel(ctx))
	listenDone := make(chan struct{})
	go func() { defer close(listenDone); dasborCache.Listen(listenCtx, 30*time.Second) }()
	defer func() { stopListen(); <-listenDone }()

	if cfg.Env == config.EnvProduction && len(cfg.TTETrustRoots) == 0 {
		log.Warn("TTE_TRUST_ROOTS is not set: no electronic signature on a PKS or NDA can be verified as sah")
	}
	h := server.New(cfg, log, st, server.NewSessions(cfg, st), server.WithDasborCache(dasborCache), server.WithMetrics(m))
	fmt.Fprintf(stdout, "Portal Regsosek (%s) melayani di %s — tekan Ctrl-C untuk berhenti.\n", cfg.Env, cfg.BaseURL)
	if cfg.Dev() {
		fmt.Fprintf(stdout, "Kotak surat pengembangan: %s/dev/mailbox\n", cfg.BaseURL)
	}
	return server.Serve(ctx, ln, h, log, cfg.ShutdownTimeout)
}

// serveMetrics serves /metrics on addr, apart from the public listener, until ctx ends; it returns a function
// that waits for it to stop.
func serveMetrics(ctx context.Context, addr string, m *metrics.Metrics, log *slog.Logger, stdout io.Writer) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on METRICS_ADDR %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	fmt.Fprintf(stdout, "Metrik Prometheus di http://%s/metrics\n", ln.Addr())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := server.Serve(ctx, ln, mux, log, 5*time.Second); err != nil {
			log.Error("metrics listener", "err", err)
		}
	}()
	return func() { <-done }, nil
}

// healthcheck asks this instance's /readyz (the database answers too) and fails unless it says 200.
func healthcheck(ctx context.Context, listen string) error {
	if listen == "" {
		listen = "127.0.0.1:8080"
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("healthcheck: LISTEN_ADDR: %w", err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/readyz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: /readyz answered %d", resp.StatusCode)
	}
	return nil
}
