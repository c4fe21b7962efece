// Package metrics publishes what the operations team watches, in Prometheus' format
// (prometheus/client_golang), on a listener of its own (METRICS_ADDR), never on the public one: requests by
// route pattern and status with their durations, the email backlog and its failures, job failures by kind
// and the jobs waiting or stopped, the database pool's use, and Go's own runtime figures.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/bappenas/portal-regsosek/internal/store"
)

// Metrics holds the portal's series in a registry of its own.
type Metrics struct {
	Registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	jobFailures *prometheus.CounterVec
}

// New registers the series of the HTTP server and the jobs, and Go's and the process' collectors.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "portal_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status."}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "portal_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method and route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"method", "route"}),
		jobFailures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "portal_job_failures_total",
			Help: "Background job runs that failed (to be retried or given up), by kind, on this instance."}, []string{"kind"}),
	}
	m.Registry.MustRegister(m.requests, m.duration, m.jobFailures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveRequest counts one answered request. route is the chi route pattern (never the path's values).
func (m *Metrics) ObserveRequest(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(d.Seconds())
}

// JobFailed counts a failed run of a job of kind.
func (m *Metrics) JobFailed(kind string) { m.jobFailures.WithLabelValues(kind).Inc() }

// WatchDatabase adds the series read from the database at each scrape (the email backlog, the jobs waiting
// or stopped) and from the pool (connections in use, idle, the most allowed, waits).
func (m *Metrics) WatchDatabase(st *store.Store, log *slog.Logger) {
	m.Registry.MustRegister(&dbCollector{st: st, log: log}, poolCollector{st.Pool})
}

// Handler serves the registry.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

var (
	mailDesc = prometheus.NewDesc("portal_outbox_messages", "Emails in the outbox by state (pending, sent, failed).",
		[]string{"state"}, nil)
	mailRetryingDesc = prometheus.NewDesc("portal_outbox_retrying_messages",
		"Emails still pending after at least one failed attempt.", nil, nil)
	mailOldestDesc = prometheus.NewDesc("portal_outbox_oldest_pending_seconds",
		"Age of the oldest email not yet sent (0 when none waits).", nil, nil)
	jobsDesc = prometheus.NewDesc("portal_jobs", "Background jobs not completed, by kind and river state.",
		[]string{"kind", "state"}, nil)
	scrapeErrDesc = prometheus.NewDesc("portal_metrics_database_up", "1 when the database answered this scrape's queries.",
		nil, nil)
)

// dbCollector reads the backlog at each scrape, with a short timeout: a slow database shows as down, not as a
// hanging scrape.
type dbCollector struct {
	st  *store.Store
	log *slog.Logger
}

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{mailDesc, mailRetryingDesc, mailOldestDesc, jobsDesc, scrapeErrDesc} {
		ch <- d
	}
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	s, err := c.st.Stats(ctx, time.Now())
	if err != nil {
		c.log.Warn("metrics: database figures unavailable", "err", err)
		ch <- prometheus.MustNewConstMetric(scrapeErrDesc, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(scrapeErrDesc, prometheus.GaugeValue, 1)
	for state, n := range map[string]int64{store.MailPending: s.MailPending, store.MailSent: s.MailSent, store.MailFailed: s.MailFailed} {
		ch <- prometheus.MustNewConstMetric(mailDesc, prometheus.GaugeValue, float64(n), state)
	}
	ch <- prometheus.MustNewConstMetric(mailRetryingDesc, prometheus.GaugeValue, float64(s.MailRetrying))
	ch <- prometheus.MustNewConstMetric(mailOldestDesc, prometheus.GaugeValue, s.OldestPendingMail.Seconds())
	for k, n := range s.Jobs {
		ch <- prometheus.MustNewConstMetric(jobsDesc, prometheus.GaugeValue, float64(n), k.Kind, k.State)
	}
}

var (
	poolConnsDesc = prometheus.NewDesc("portal_db_pool_connections", "Database pool connections by state (acquired, idle, total, max).",
		[]string{"state"}, nil)
	poolAcquireDesc = prometheus.NewDesc("portal_db_pool_acquires_total", "Connections handed out by the pool.", nil, nil)
	poolWaitDesc    = prometheus.NewDesc("portal_db_pool_empty_acquires_total",
		"Acquisitions that had to wait because the pool was empty: more than rarely means DB_MAX_CONNS is too small.", nil, nil)
	poolWaitTimeDesc = prometheus.NewDesc("portal_db_pool_acquire_wait_seconds_total", "Time spent waiting for a connection.", nil, nil)
)

// poolCollector reads pgxpool's own statistics.
type poolCollector struct{ pool *pgxpool.Pool }

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolConnsDesc, poolAcquireDesc, poolWaitDesc, poolWaitTimeDesc} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	for state, n := range map[string]int32{"acquired": s.AcquiredConns(), "idle": s.IdleConns(), "total": s.TotalConns(), "max": s.MaxConns()} {
		ch <- prometheus.MustNewConstMetric(poolConnsDesc, prometheus.GaugeValue, float64(n), state)
	}
	ch <- prometheus.MustNewConstMetric(poolAcquireDesc, prometheus.CounterValue, float64(s.AcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaitDesc, prometheus.CounterValue, float64(s.EmptyAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaitTimeDesc, prometheus.CounterValue, s.AcquireDuration().Seconds())
}
