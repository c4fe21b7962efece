package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/bappenas/portal-regsosek/internal/store"
)

// Periodic jobs, enqueued by the elected leader among the running clients (river PeriodicJobs), so each
// runs once per period however many instances serve.

// PengingatTenggatArgs emails the assignee of every permohonan past its review deadline.
type PengingatTenggatArgs struct{}

// RingkasanHarianArgs sends the staff's daily digests that are due.
type RingkasanHarianArgs struct{}

// RetensiArgs applies the retention schedule (store.ApplyRetention): expired drafts, secrets, counters,
// sessions, email bodies and records, KTP scans.
type RetensiArgs struct{}

// Kind names the periodic kinds for river.
func (PengingatTenggatArgs) Kind() string { return "pengingat_tenggat" }
func (RetensiArgs) Kind() string          { return "retensi" }
func (RingkasanHarianArgs) Kind() string  { return "ringkasan_harian" }

// PeriodicJobs are the reminders every 5 minutes, the retention (expired drafts among it) every hour, the Tahap 4
// sweep every minute (a safety net: an approval enqueues its own move) and the daily digests every quarter
// hour, each also when a leader starts.
func (c *Config) PeriodicJobs() []*river.PeriodicJob {
	every := func(d time.Duration, args river.JobArgs) *river.PeriodicJob {
		return river.NewPeriodicJob(river.PeriodicInterval(d),
			func() (river.JobArgs, *river.InsertOpts) { return args, nil },
			&river.PeriodicJobOpts{ID: args.Kind(), RunOnStart: true})
	}
	return []*river.PeriodicJob{
		every(5*time.Minute, PengingatTenggatArgs{}),
		every(time.Hour, RetensiArgs{}),
		every(time.Minute, store.BukaTahap4Args{}),
		// The digests go out from RINGKASAN_JAM; a run every quarter hour sends those not yet sent today.
		every(15*time.Minute, RingkasanHarianArgs{}),
	}
}

// pengingatTenggat sends each overdue reminder once: the store claims the rows with SKIP LOCKED and marks
// them with their email in one transaction.
func (c *Config) pengingatTenggat(ctx context.Context, _ *river.Job[PengingatTenggatArgs]) error {
	n, err := c.Store.SendOverdueReminders(ctx, c.now())
	if n > 0 {
		c.log().Info("overdue reminders sent", "count", n)
	}
	return err
}

// ringkasanHarian sends the day's digests due at the configured hour; each person gets one a day.
func (c *Config) ringkasanHarian(ctx context.Context, _ *river.Job[RingkasanHarianArgs]) error {
	n, err := c.Store.SendDigests(ctx, c.now(), c.DigestHour)
	if n > 0 {
		c.log().Info("daily digests sent", "count", n)
	}
	return err
}

// retensi deletes what the retention schedule says is no longer needed; the log says how much, never what.
func (c *Config) retensi(ctx context.Context, _ *river.Job[RetensiArgs]) error {
	r, err := c.Store.ApplyRetention(ctx, c.now(), c.Retention)
	if r.Total() > 0 {
		c.log().Info("retention applied", "drafts", r.Drafts, "rate_limits", r.RateLimits, "captchas", r.Captchas,
			"secrets", r.Secrets, "sessions", r.Sessions, "mail_bodies", r.MailBodies, "mail", r.Mail, "ktp", r.KTP, "anonim_links", r.AnonimLinks, "unactivated", r.Unactivated)
	}
	return err
}
